"""A locality's settings on a shared form, in short phrases: the CLI's ``list``, the Rules page."""

from __future__ import annotations

from ..rules.overlay import Overlay
from ..rules.schema import RuleSet
from .messages import band_range, listed, say


def _days(days: int | None) -> str:
    return say("consistency.no_review") if days is None else say("consistency.days", days=days)


def setting_phrases(form: RuleSet, overlay: Overlay) -> list[str]:
    """What the overlay changes from the form, one phrase per setting."""
    out = []
    for s in overlay.levels:
        if s.id not in form.level_rank:
            continue
        level = form.level(s.id)
        if s.band is not None and level.band is not None:
            low = s.band.from_ if "from_" in s.band.model_fields_set else level.band.from_
            high = s.band.to if "to" in s.band.model_fields_set else level.band.to
            if (low, high) != (level.band.from_, level.band.to):
                was = band_range(level.band.from_, level.band.to)
                out.append(say("overlay.band", level=s.id, band=band_range(low, high), region=was))
        if s.review_days is not None and s.review_days != level.review_days:
            out.append(
                say("overlay.review", level=s.id, days=_days(s.review_days), region=_days(level.review_days))
            )
        if s.actions is not None and tuple(s.actions) != level.actions:
            out.append(say("overlay.actions", level=s.id, actions=listed(s.actions)))
    for a in overlay.actions:
        out.append(say("overlay.action_contacts", action=a.id, contacts=listed(a.contacts)))
    for f in overlay.red_flags:
        if f.min_level:
            out.append(say("overlay.red_flag_min", red_flag=f.id, level=f.min_level))
        if f.actions:
            out.append(say("overlay.red_flag_actions", red_flag=f.id, actions=listed(f.actions)))
    if overlay.contacts:
        out.append(say("overlay.contacts", n=len(overlay.contacts)))
    if overlay.single_points_of_contact:
        agencies = listed([s.agency for s in overlay.single_points_of_contact])
        out.append(say("overlay.spocs", agencies=agencies))
    return out
