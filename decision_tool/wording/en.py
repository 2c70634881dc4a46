"""The tool's own sentences in English, keyed. A second language is one more file with the same keys.

Each value is a ``str.format`` template; the names in braces are the values the sentence is given
(text from the rules or typed by a person is a value, never part of a template).
"""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # Why a result is what it is: one sentence per reason code (screening.result.REASON_VALUES).
    "reason.band": "Score {score} is in the band for '{level_title}' ({band}; a local setting).",
    "reason.points": "+{points}: {question} — {answer}",
    "reason.red_flag": (
        "Red flag: {reason} (rule '{id}' sets at least '{min_level_title}'; source: {source})"
    ),
    "reason.raised": "Red flags raise the outcome above the score band, to '{level_title}'.",
    "reason.not_counted": "Not counted (question no longer asked): {questions}",
    "reason.too_little_known": (
        "Many answers are 'not sure' or missing: the result may understate the concern."
    ),
    "reason.judgement": (
        "Practitioner's judgement: '{level_title}' instead of '{tool_level_title}'. Reason: {reason}"
    ),
    "reason.text": "{text}",
    # The outcome, and a practitioner's judgement beside the tool's (outcome.py): the page and every
    # record say the same, and neither contradicts itself below a red flag.
    "outcome.heading": "Outcome: {level_title}",
    # On screen the heading states both: the practitioner's decision and the tool's outcome.
    "outcome.heading_your_judgement": (
        "Outcome: {level_title} (your judgement; the tool's outcome: {tool_level_title})"
    ),
    "outcome.heading_their_judgement": "Outcome: {level_title} (the practitioner's judgement)",
    "outcome.score_clause": "the score, {score}, is in the band for {level_title}",
    "outcome.raised_clause": "{score_clause}, raised by a red flag: {reasons}",
    "outcome.red_flag_stands": (
        "A red flag still stands: the tool's outcome is {tool_level_title}, and the red flag's actions "
        "are still to be done."
    ),
    "outcome.tool_outcome": "The tool's outcome: {tool_level_title}, because {why}.",
    "outcome.your_decision": "Your decision: {level_title}. Reason: {reason}",
    "outcome.their_decision": "The practitioner's decision: {level_title}. Reason: {reason}",
    "outcome.below_red_flag": (
        "This is below the minimum a red flag sets, so the red flag still stands: its actions are still "
        "to be done, and the review date is no later than the tool's."
    ),
    # A score band's range, and a band named with it.
    "band.closed": "{low} to {high}",
    "band.open": "{low} or more",
    "band.named": "{title}: {range}",
    # The same, short, as a record's band list: "Moderate concern 11-15; High concern 16+".
    "band.closed_short": "{low}-{high}",
    "band.open_short": "{low}+",
    "band.named_short": "{title} {range}",
    # When signs were seen: the rules' recency window.
    "recency.window": (
        "'Now or recently' means the last {current} months; 'earlier' means {current} to {lookback} "
        "months ago (a local setting)."
    ),
    # A red flag among the signs an earlier record and a later one share.
    "sign.red_flag": "Red flag: {reason}",
    # How soon an action is due (the rules' urgency ids).
    "urgency.immediate": "Now",
    "urgency.today": "Today",
    "urgency.within_24_hours": "Within 24 hours",
    "urgency.within_a_week": "Within a week",
    "urgency.routine": "As part of your usual work",
    # Immediate danger: the one instruction the page and the record give first.
    "emergency.title": "Immediate danger: call 999 now",
    "emergency.title_your_judgement": (
        "Immediate danger: call 999 now (your decision: {level_title}; the tool's outcome: "
        "{tool_level_title})"
    ),
    # A low result is never read as "no concern": this is said unless the level's own summary says it.
    "result.low_not_no_action": "A low result does not mean no action.",
    "result.low_not_no_action.said": "does not mean no action",  # a summary with this says it already
    # The result page's "Why" (Markdown: the values are escaped by the page).
    "why.red_flag": "**Red flag:** {reason}",
    "why.no_points": "No scored signs were recorded.",
    "why.not_counted": "Not counted, because the question no longer applies: {questions}",
    "why.score": "Score **{score}**. Score bands (local settings, not a validated scale): {bands}.",
    # Signs of another form of exploitation (screening.result.OtherForm): the page and every record.
    "other_form.heading": "Signs of {about} too",
    "other_form.signs": (
        "Some answers here are signs of {about}: {signs}. Screen the child with the {about} form as "
        "well; its own questions decide what those signs need."
    ),
    "other_form.offer": (
        "The answers the two forms share (age, missing episodes, vulnerabilities and others asked the "
        "same way) are copied into it for you to check. Whether the child is in danger now is never "
        "copied."
    ),
    "other_form.button": "Screen for {about} too",
    # Lists of ids or names inside a sentence.
    "list.separator": ", ",
    "list.semicolon": "; ",
    # A condition (a question's show_if, a red flag's when), in two vocabularies: by ids, for rules
    # maintainers (the Rules page), and in plain words, for practitioners (docs/guidance.md).
    "condition.ids.and": " and ",
    "condition.ids.or": " or ",
    "condition.ids.any_of": "{alternatives}",
    "condition.ids.not": "not ({inner})",
    "condition.ids.answered": "{question} is answered",
    "condition.ids.not_answered": "{question} is not answered",
    "condition.ids.equals": "{question} is {values}",
    "condition.ids.in": "{question} is one of {values}",
    "condition.ids.lt": "{question} < {bound:g}",
    "condition.ids.lte": "{question} ≤ {bound:g}",
    "condition.ids.gt": "{question} > {bound:g}",
    "condition.ids.gte": "{question} ≥ {bound:g}",
    "condition.plain.and": ", and ",
    "condition.plain.or": "; ",
    "condition.plain.any_of": "any of: {alternatives}",
    "condition.plain.not": "not ({inner})",
    "condition.plain.answered": "{question}: answered",
    "condition.plain.not_answered": "{question}: not answered",
    "condition.plain.equals": "{question}: {values}",
    "condition.plain.in": "{question}: {values}",
    "condition.plain.lt": "{question}: under {bound:g}",
    "condition.plain.lte": "{question}: {bound:g} or under",
    "condition.plain.gt": "{question}: over {bound:g}",
    "condition.plain.gte": "{question}: {bound:g} or more",
    "condition.plain.answer": '"{label}"',
    "condition.plain.answer_or": " or ",
    "condition.plain.any_time": "yes, at any time in the last {months} months",
    "condition.plain.not_sure": "Not sure",
    # The regional consistency report (consistency.py): where the same child would be treated differently.
    "consistency.cause.band": (
        "band edge: score {score} is '{region_level}' in the regional form ({region_band}) but "
        "'{local_level}' in {locality} ({local_band})"
    ),
    "consistency.cause.red_flag": (
        "red flag minimum: {locality} raises '{red_flag}' to at least '{local_min}' (region: '{region_min}')"
    ),
    "consistency.cause.red_flag_actions": (
        "red flag actions: when '{red_flag}' fires, {locality} adds {added}"
    ),
    "consistency.cause.actions": (
        "action list: at '{level}' {locality} recommends {local_actions} (region: {region_actions})"
    ),
    "consistency.cause.review": (
        "review period: at '{level}' {locality} reviews after {local_days} (region: {region_days})"
    ),
    "consistency.heading": "{title} (form '{form}' v{version}, {sha})",
    "consistency.summary": (
        "{profiles} profiles ({kinds}) through the regional form and {n} localities' settings: "
        "{differing} treated differently somewhere."
    ),
    "consistency.no_overlays": "No locality has its own settings on this form: every locality uses it as published.",
    "consistency.same_as_region": "Using the regional form as published: {localities}.",
    "consistency.locality_line": (
        "{locality} (overlay {sha}): {level} different level ({up} higher, {down} lower), "
        "{first} different first action, {review} different review period"
    ),
    "consistency.not_evidence": (
        "The profiles are generated answer sets and fictional scenarios, not children: the report shows "
        "where local settings differ, not how many children are affected."
    ),
    "consistency.days": "{days} days",
    "consistency.no_review": "no review date",
    # A locality's settings on a shared form (overlays.py), one phrase each.
    "overlay.band": "{level} band {band} (region {region})",
    "overlay.review": "{level} review after {days} (region {region})",
    "overlay.actions": "{level} actions {actions}",
    "overlay.action_contacts": "{action} contacts {contacts}",
    "overlay.red_flag_min": "red flag {red_flag} at least {level}",
    "overlay.red_flag_actions": "red flag {red_flag} adds {actions}",
    "overlay.contacts": "{n} extra local contact(s)",
    "overlay.spocs": "single points of contact: {agencies}",
    "overlay.none": "regional settings",
    # What a rules change does to the scenario library (impact.py): one sentence per note code
    # (screening.impact.NOTE_VALUES), and the report's lines. For rules maintainers.
    "impact.note.weight": "weight: '{question}' now scores {points} (was {was})",
    "impact.note.band": "band: score {score} now falls in '{level}' (was '{was_level}' at score {was_score}){bands}",
    "impact.note.red_flag_fires": "red flag: '{id}' now fires",
    "impact.note.red_flag_stops": "red flag: '{id}' no longer fires",
    "impact.note.red_flag_changed": "red flag: '{id}' was changed",
    "impact.note.new_questionnaire": "questionnaire '{rules}' is new: only the new rules have it",
    "impact.note.only_new_answers": "only the new rules can answer it: {problems}",
    "impact.note.questionnaire_missing": "questionnaire '{rules}' missing from one side",
    "impact.note.scenario_problem": "{message}",
    "impact.note.version_unchanged": (
        "{rules}: the content changed ({was_sha256} -> {sha256}) but 'version' is still {version!r}: "
        "bump 'version' in the questionnaire before publishing"
    ),
    "impact.bands_changed": "; bands changed ({changes})",
    "impact.band_changed": "{level}: {was} -> {now}",
    "impact.no_band": "none",
    "impact.problem_at": "{path}: {message}",
    "impact.warning": "WARNING: {warning}",
    "impact.form_changed": "{rules}: v{was_version} ({was_sha256}) -> v{version} ({sha256})",
    "impact.new_scenario": "{id} ({title}): new scenario, level {level}, score {score}",
    "impact.moved": "{id} ({title}): level {was_level} -> {level}, score {was_score} -> {score}",
    "impact.scenario": "{id} ({title})",
    "impact.actions": "actions: {actions}",
    "impact.actions_changed": "actions: {was} -> {now}",
    "impact.why": "why: {why}",
    "impact.fails": "FAILS: {problem}",
    "impact.total": "{total} scenario(s): {changed} changed, {new_only}{failing} failing their expected outcome.",
    "impact.new_only": "{n} only answerable under the new rules, ",
    # The record (records/layout.py): the one layout every format (Markdown, text, PDF) renders.
    "record.title": "Screening record: {title}",
    "record.made": "Made {date} at {time:%H:%M}.",
    "record.about": "About this record",
    "record.detail.completed_by": "Completed by (role)",
    "record.detail.setting": "Setting",
    "record.detail.concern_date": "Date of the concern",
    "record.detail.consulted": "Who was consulted",
    "record.detail.action_taken": "Action taken",
    "record.detail.reference": "Case or MASH reference",
    "record.detail.review_owner": "Review owner (role)",
    "record.detail.exploitation_models": "Model of exploitation",
    "record.detail.danger_statement": "Danger statement",
    "record.detail.safety_goal": "Safety goal",
    "record.model.relationship": 'Inappropriate relationship / "boyfriend"',
    "record.model.peer_on_peer": "Peer-on-peer",
    "record.model.party": "Party",
    "record.model.online": "Online",
    "record.model.gang_or_group": "Gang or group",
    "record.model.familial": "Familial",
    "record.model.organised": "Organised",
    "record.model.not_known": "Not known",
    "record.not_recorded": "Not recorded",
    "record.local_contacts": "Local contacts",
    "record.review_by": "Review by",
    "record.not_set": "Not set",
    "record.recency": (
        "When signs were seen: 'now or recently' means the last {current} months; 'earlier' means "
        "{current} to {lookback} months before this record (a local setting)."
    ),
    "record.emergency": "{title}. {reasons}",
    "record.insufficient": (
        "Insufficient information: many answers were 'not sure' or missing, so this result may "
        "understate the concern."
    ),
    "record.next": "What to do next",
    "record.step": "{n}. {title}{when}: {do}",
    "record.step_when": " ({when})",
    "record.contact": "{contact} (checked {date})",
    "record.contact_stale": "{line} - not checked in the 12 months before this record: check it",
    "record.why": "Why",
    "record.by_category": "Score by category",
    "record.category": "{title}: {points}",
    "record.bands": "Total score {score}. Bands (local settings): {bands}.",
    "record.answers": "Answers",
    "record.answer": "{question} {answer}",
    "record.answer_by_id": "{question}: {answer}",
    "record.none_known": "None known",
    "record.rules_used": "Rules used",
    "record.rules": "{title}, rules version {version}. Content hash (sha256): {sha256}",
    "record.overlay": (
        "With the local settings of {locality} on this form. Their content hash (sha256): {sha256}"
    ),
    "record.disclaimer": (
        "This is a screening aid that supports professional judgement. It is not a validated prediction "
        "tool. A low result does not mean no action."
    ),
    # Why a file cannot be opened as a record (records/json_record.py), and what to do.
    "record.error.too_large": (
        "The file is too large to be a record (over 1 MB). Choose the .json record you downloaded."
    ),
    "record.error.not_text": "The file is not a text file. Choose the .json record you downloaded.",
    "record.error.unreadable": (
        "The file cannot be read as a record{where}: {problem}. Choose the .json record you downloaded."
    ),
    "record.error.unreadable_line": " (line {line})",
    "record.error.not_a_record": (
        "This file is not a record from this tool. Choose the .json record you downloaded."
    ),
    "record.error.damaged": (
        "The record is damaged or incomplete, so it cannot be opened. Choose the .json file exactly as "
        "you downloaded it."
    ),
    "record.error.damaged_because": (
        "The record is damaged or incomplete, so it cannot be opened: {reason}. Choose the .json file "
        "exactly as you downloaded it."
    ),
    "record.error.concern_after_record": "the date of the concern is after the record was made",
    "record.error.unknown_form": (
        "This record was made with a questionnaire ({title}) that is not available here."
    ),
    "record.error.rules_changed": (
        "This record was scored with {title} version {version}. {change}You can score the same answers "
        "again with the current rules."
    ),
    "record.error.new_version": "The rules here are now version {version}. ",
    "record.error.local_settings_changed": "The local settings here have changed since. ",
    "record.error.same_version_changed": (
        "The rules here have changed since, though their version number has not. "
    ),
    "record.error.does_not_fit": "the record does not fit the questionnaire it names ({path}: {problem})",
    "record.error.edited": (
        "the record's outcome does not match its answers under the rules it names; it may have been "
        "edited by hand"
    ),
    "record.error.no_review_date": "this result has no review date",
    # The PDF's running header and footer.
    "record.running": "{title} - made {date} at {time:%H:%M}",
    "record.page": "Page {page} of {pages}",
    # The review date as a calendar entry (records/ics.py): the outcome and the reference, never answers.
    "record.ics.summary": "Safeguarding screening review",
    "record.ics.description": "Review the screening made on {date}. Outcome then: {level_title}.",
    "record.ics.reference": " Reference: {reference}.",
    "record.ics.review_owner": " Review owner: {owner}.",
    # A child's screenings over time (records/history.py).
    "history.this_screening": "This screening",
    "history.sign": "{question} — {answer}",
    "history.rules": "{title} version {version} ({sha256})",
    # The regional consistency report as a PDF (records/consistency.py).
    "consistency.report_title": "Regional consistency report",
    "consistency.first_findings": "First {shown} of {total:,} differences (all in the CSV)",
    "consistency.finding": "{profile}: {why}",
    "consistency.sample": "Random profiles: {sample:,} per form, seed {seed}.",
    "consistency.column.form": "Form",
    "consistency.column.version": "Form version",
    "consistency.column.sha256": "Form sha256",
    "consistency.column.overlay_sha256": "Overlay sha256",
    # ------------------------------------------------------------------ the pages (decision_tool/ui, pages/)
    # Keyed by page: "ui.<page>.<what>". Markdown in a value is the page's own; values put into a Markdown
    # sentence are escaped by the page (``md``), and into markup by the template or ``html_text``.
    # Every page: the service's name, the line above everything, the footer and the links in it.
    "ui.service_name": "Safeguarding screening aid",
    "ui.call_999": (
        "<strong>If a child is in immediate danger, call 999.</strong> "
        "This tool supports your professional judgement; it does not replace it."
    ),
    "ui.tab_title": "{title} – {service}",
    "ui.tab_title_error": "Error: {title} – {service}",
    "ui.back": "Back",
    "ui.menu": "Menu",
    "ui.error_summary": "There is a problem",
    "ui.other_ways.heading": "Other things you can do",
    "ui.other_ways.open_record": "Open a record you downloaded, to carry on or review it",
    "ui.other_ways.earlier_records": "Screen a child again, or compare with their earlier records",
    "ui.footer.accessibility": "Accessibility statement",
    "ui.footer.privacy": "Privacy notice: what is kept, and where",
    # Start, and the pharmacy's consultation page (start_views.py, pages/start.py, pages/consultation.py).
    "ui.start.title": "Start",
    "ui.start.heading": "Screening a safeguarding concern",
    "ui.start.in_progress": "**You have a screening in progress:** {form}. You were on {where}.",
    "ui.start.still_here": " Its answers are still here.",
    "ui.start.where_check": "Check your answers",
    "ui.start.where_result": "the result",
    "ui.start.where_step": "step {step} of {steps}: {section}",
    "ui.start.continue": "Continue the screening",
    "ui.start.intro": (
        "This is a **screening aid** for concerns about child sexual or criminal exploitation: it helps you "
        "organise what you know, see which signs are present, and choose the next step in your local "
        "procedure. It supports your professional judgement; it is not a prediction, and you can change its "
        "result with a reason.\n\n"
        "- **Do not enter names.** The tool never asks for them.\n"
    ),
    "ui.start.or_new": "Or start a new screening",
    "ui.start.which_form": "Which form do you need?",
    "ui.start.which_locality": "Whose local contacts and settings should the result use?",
    "ui.start.keeping_register": (
        "- **Nothing is saved unless you save it.** Your answers stay in this tool's memory until you save "
        "the screening to your partnership's register or download a record at the end; unsaved answers are "
        "cleared after {minutes} minutes without use."
    ),
    "ui.start.keeping_session": (
        "- **Nothing is saved to disk.** Your answers stay in this tool's memory so that reloading the page "
        "loses nothing, and are cleared after {minutes} minutes without use. To keep them, download a "
        "record at the end."
    ),
    "ui.start.expired": (
        "The screening you had open is no longer here: to protect the answers, they are cleared after "
        "{minutes} minutes without use, or when the tool restarts. If you downloaded a record, open it "
        'from "Open a record you downloaded".'
    ),
    "ui.start.clear_warning": (
        "**Starting a new screening clears the answers to the one in progress.** They cannot be brought "
        "back. If you need them, continue it and download a record from its result page first."
    ),
    "ui.start.clear_and_start": "Clear them and start a new screening",
    "ui.start.keep": "Keep the screening in progress",
    "ui.start.new": "Start a new screening",
    "ui.consultation.title": "Consultation",
    "ui.consultation.no_form": "This tool's rules have no pharmacy consultation form. Ask the tool's operator.",
    "ui.consultation.in_progress": "**You have a screening in progress:** {form}.",
    "ui.consultation.another_form": "another form",
    "ui.consultation.intro": (
        "Safeguarding questions to ask during a consultation with a young person under 18, and what to do "
        "next. The supply decision is recorded separately and never changes the safeguarding outcome. This "
        "supports your professional judgement; it is not a prediction, and you can change its result with a "
        "reason.\n\n"
        "- **Do not enter names.** The tool never asks for them.\n"
    ),
    # Check your answers, the questions' steps and the result page (pages/questions.py, check.py,
    # result.py; ui/views.py, ui/widgets.py).
    "ui.questions.tab_title": "{section} – Step {step} of {steps}",
    "ui.questions.step": "Step {step} of {steps}",
    "ui.questions.see_what_to_do": "See what to do now",
    "ui.questions.continue": "Continue",
    "ui.check.title": "Check your answers",
    "ui.check.answer_this": "Answer this question: {question}",
    "ui.check.not_answered": "Not answered",
    "ui.check.change": "Change",
    "ui.check.change_hidden": " your answer to: {question}",
    "ui.check.none_apply": "No questions apply.",
    "ui.check.get_result": "Get the result",
    "ui.result.title": "Result",
    "ui.result.back_to_answers": "Back to your answers",
    "ui.result.call_999": "Call 999",
    "ui.result.emergency_body": "{reasons} {call} and say a child is in immediate danger. Stay with them if it is safe to.",
    "ui.result.your_judgement_lines": "**Your judgement.** {tool} {decision}",
    "ui.result.low_not_no_action": "**{said}** Record the concern, keep watching, and review.",
    "ui.result.insufficient": (
        "**Insufficient information.** {n} answers are 'not sure' or missing, so this result may "
        "understate the concern. Do not treat it as reassurance."
    ),
    "ui.result.contact_phone": "phone {phone}",
    "ui.result.contact_checked": " (details checked {date})",
    "ui.result.contact_stale": " — **not checked in the last 12 months: check before relying on it**",
    "ui.result.when_safe": "When the child is safe",
    "ui.result.tell_lead": "Tell your safeguarding lead what happened.",
    "ui.result.next": "What to do next",
    "ui.result.other_form_later": " You can start it at the end of this page, once you have kept this screening's record.",
    "ui.result.why": "Why",
    "ui.result.why_table": "| Question | Answer | Points |\n|---|---|--:|\n",
    "ui.result.chart.this_result": "This result",
    "ui.result.chart.original": "Original",
    "ui.result.chart.what_if": "What if",
    "ui.result.chart.the_outcome": "the outcome",
    "ui.result.chart.scores_band": "the score's band",
    "ui.result.chart.your_judgement": "your judgement",
    "ui.result.chart.score": "<b>Score {score}</b>",
    "ui.result.chart.point": "{points} point",
    "ui.result.chart.points": "{points} points",
    "ui.result.chart.context": "context, not evidence",
    "ui.result.chart.score_words": "Score **{score}**",
    "ui.result.chart.in_band": ", in the band for **{level}** ({band})",
    "ui.result.chart.original_score": "The scenario's original score was **{score}**",
    "ui.result.chart.original_level": " (**{level}**)",
    "ui.result.chart.drivers": "Areas adding to the score, largest first: {areas}.",
    "ui.result.chart.raised": (
        "The outcome is **{level}**, higher than the score's band: raised to {level} by the red flag. "
        "{raised}"
    ),
    "ui.result.chart.judged": "Your judgement, **{level}**, has a dashed outline.",
    "ui.result.chart.colours": (
        "Band colours run by level: {tones}. The band of the tool's outcome is filled in. Signs are dark "
        "grey bars; vulnerabilities are striped light bars, because they are context, not evidence."
    ),
    "ui.result.chart.red_flags_outside": "Red flags act outside the score: an outcome can be higher than the score's band.",
    "ui.result.chart.where": "**Where the score sits against the local bands**",
    "ui.result.chart.which_areas": "**Which areas add to the score**",
    "ui.result.separately": "**Recorded separately from the safeguarding outcome**",
    "ui.result.review_date": "**Suggested review date:** {date}.",
    "ui.result.judgement": "Your judgement",
    "ui.result.judgement_intro": (
        "If your professional judgement differs, choose another outcome and say why. The record keeps "
        "both the tool's result and your change."
    ),
    "ui.result.judgement_outcome": "Outcome",
    "ui.error_prefix": "Error: ",
    "ui.result.judgement_reason": "Your reason (required to change the outcome)",
    "ui.result.judgement_record": "Record my judgement",
    "ui.result.judgement_too_short": "Enter your reason for changing the outcome, at least {n} characters",
    "ui.result.judgement_remove": "Remove my change",
    # On screen a record detail's hint is part of its label, so it comes before the field and is read
    # with it.
    "ui.result.detail.completed_by": (
        "Completed by: your role, not your name (for example Designated Safeguarding Lead)"
    ),
    "ui.result.detail.setting": "Setting (for example a secondary school or a community pharmacy)",
    "ui.result.detail.concern_date": "Date of the concern",
    "ui.result.detail.consulted": "Who was consulted (roles, not names)",
    "ui.result.detail.action_taken": "Action taken, and when",
    "ui.result.detail.reference": "Case or MASH reference, if you have one",
    "ui.result.detail.review_owner": "Review owner: a role, not a name",
    "ui.result.detail.exploitation_models": (
        "Model of exploitation, if you can tell: tick any that apply, or none"
    ),
    "ui.result.detail.danger_statement": (
        "Danger statement: what harm has happened, or could happen if nothing changes (no names)"
    ),
    "ui.result.detail.safety_goal": (
        "Safety goal: what everyone needs to see to be sure the child is safe (no names)"
    ),
    "ui.result.details": "Details for your record",
    "ui.result.details_intro": (
        "All optional. **Use roles, not names.** These go only into the files you download below."
    ),
    "ui.result.details_intro_register": (
        "All optional. **Use roles, not names.** These go into the files you download below, and into the "
        "register with this screening when you save it to a case."
    ),
    "ui.result.details_closed": (
        "Completed by, setting, date of the concern, who was consulted, action taken, case or MASH "
        "reference, review owner"
    ),
    "ui.result.details_closed_exploitation": (
        "; the model of exploitation, a danger statement and a safety goal."
    ),
    "ui.result.details_add": "Add details for your record",
    "ui.result.keep": "Keep a record",
    "ui.result.keep_intro": (
        "Download a record for your safeguarding system. Your answers are cleared from this tool's memory "
        "after {minutes} minutes without use."
    ),
    "ui.result.download.pdf": "PDF",
    "ui.result.download.md": "Markdown",
    "ui.result.download.json": "JSON (to resume later)",
    "ui.result.download.ics": "Review date {date} (.ics)",
    "ui.result.calendar_note": (
        "The calendar file holds the review date, the outcome and your reference: none of the answers."
    ),
    # The question widgets, the error summary and the 999 banner (ui/widgets.py).
    "ui.question.a_number_of": "a number of {unit}",
    "ui.question.a_number": "a number",
    "ui.question.from_to": "Enter {what} from {low} to {high}",
    "ui.question.or_more": "Enter {what} of {low} or more",
    "ui.question.or_less": "Enter {what} of {high} or less",
    "ui.question.enter_number": "Enter a number for: {question}",
    "ui.question.tick_one": "Tick at least one answer to: {question}",
    "ui.question.select_one": "Select an answer to: {question}",
    "ui.error.title": "**{title}.** {problem}",
    "ui.error.titled_list": "**{title}.**\n\n",
    "ui.emergency_banner": (
        "### Call 999 now\n{reasons} Call 999 and say a child is in immediate danger. Stay with them if it "
        "is safe to. Then tell your safeguarding lead."
    ),
    "ui.questionnaire": "Questionnaire",
    "ui.rules_error": "**{title}** (rules folder: {folder})\n\n",
    "ui.rules_error_more": "\n- … and {n} more",
    # Earlier records and a child's screenings over time (ui/history_views.py, pages/earlier_records.py),
    # and opening a downloaded record (pages/open_record.py).
    "ui.back_to_start": "Back to Start",
    "ui.earlier.title": "Screen again or compare over time",
    "ui.earlier.too_many": "Only {n} earlier records can be compared at once; {label} was left out.",
    "ui.earlier.upload": "Earlier records of the same child (.json, one or more)",
    "ui.earlier.upload_help": (
        "The JSON records you downloaded at earlier screenings. They stay in this browser session only."
    ),
    "ui.earlier.refused": (
        "**{file}: {problem}.** {message} The other records and your answers are unchanged."
    ),
    "ui.earlier.in_session_one": "{n} earlier record in this session: {records}",
    "ui.earlier.in_session": "{n} earlier records in this session: {records}",
    "ui.earlier.record": "{label} ({date})",
    "ui.earlier.forget": "Forget the earlier records",
    "ui.earlier.screen_again": "Screen again from this record",
    "ui.earlier.prefilled_from": "{label}, made {date}",
    "ui.earlier.do_not_fit": "These earlier answers do not fit the current rules; answer them again: {questions}",
    "ui.earlier.copied_banner": (
        "**Answers copied from the screening with {form}**: only the questions both forms ask the same "
        "way. Check every answer in this section and change what is different; then continue to confirm "
        "it. Whether the child is in danger now is never copied."
    ),
    "ui.earlier.prefilled_banner": (
        "**Pre-filled from an earlier record** ({source}). Check every answer in this section and change "
        "what is different now; then continue to confirm it. Whether the child is in danger now is never "
        "pre-filled."
    ),
    "ui.other_form.closes": (
        "**Starting it closes this screening.** Download or save its record first if you have not: its "
        "answers cannot be brought back."
    ),
    "ui.other_form.now": "{button} now",
    "ui.other_form.not_yet": "Not yet",
    "ui.earlier.intro": (
        "Upload the records of earlier screenings of the same child. You can start a new screening "
        "pre-filled from the latest, and the result will show what changed. They stay in this browser "
        "session only."
    ),
    "ui.earlier.screen_again_latest": "Screen again from the latest ({date})",
    "ui.earlier.over_time": "Over time",
    "ui.earlier.none_yet": (
        "To see what has changed since earlier screenings of this child, upload their records. Nothing is "
        "kept after you close the page."
    ),
    "ui.earlier.add": "Add earlier records",
    "ui.timeline.as_recorded": "As recorded",
    "ui.timeline.rescored": "Re-scored with current rules",
    "ui.timeline.this_screening": "This screening",
    "ui.timeline.higher": "higher than",
    "ui.timeline.lower": "lower than",
    "ui.timeline.same": "the same as",
    "ui.timeline.summary": (
        "**{n} screenings** with {form}, from {first} to {last}. The latest outcome, **{level}**, is "
        "{trend} the first. A lower level is not a sign that the concern has gone."
    ),
    "ui.timeline.levels": "Level at each screening, oldest on the left: {levels}.",
    "ui.timeline.point": "**{when}** · {head}  \n**{level}** (score {score})",
    "ui.timeline.overridden": "The practitioner changed the tool's result ({level}).",
    "ui.timeline.rescored_note": (
        "Re-scored with the current rules. Made with {rules}; the record says **{level}**."
    ),
    "ui.timeline.left_out": "Answers the current rules no longer ask: {questions}",
    "ui.timeline.signs": "Signs",
    "ui.timeline.new_signs": "New since the screening before",
    "ui.timeline.gone_signs": "Gone since the screening before",
    "ui.timeline.other_forms": "Not compared, because they were made with another form: {forms}.",
    "ui.timeline.no_signs": "- {title}: none",
    "ui.open.title": "Open a record",
    "ui.open.heading": "Open a record you downloaded",
    "ui.open.intro": (
        "Upload the JSON record you downloaded at the end of a screening to carry on with it or review its "
        "result. It stays in this browser session only. Opening it replaces any screening in progress."
    ),
    "ui.open.upload": "Upload a record (.json) you downloaded from this tool",
    "ui.open.rescore": "Score these answers again with the current rules",
    "ui.open.left_out": (
        "{n} of the record's answers no longer fit the current rules, so they were left out. "
    ),
    "ui.open.answer_again": "Please answer again: {questions}.",
    "ui.open.refused": "**{title}.** {message} Your current answers have not been changed.",
    "ui.open.loaded": "Record loaded: {form}, made {date}, outcome **{level}**.",
    "ui.open.open": "Open this record",
    # The register (ui/register_views.py): sign-in, the cases, a case, the result page's save box, audit.
    "ui.register.names_warning": (
        "**Do not write a name.** Type only your own system's reference (for example a pupil or case "
        "number). The register keeps a keyed fingerprint of it, never the reference itself, and shows a "
        "short case code instead."
    ),
    "ui.register.demo_role": "fictional demo data only",
    "ui.register.signed_in_as": "Signed in as {username} ({role})",
    "ui.register.sign_out": "Sign out",
    "ui.sign_in.title": "Sign in",
    "ui.sign_in.intro": (
        "This screening aid keeps a case register for your partnership. Sign in with the account your "
        "register administrator gave you."
    ),
    "ui.sign_in.username": "Username",
    "ui.sign_in.password": "Password",
    "ui.sign_in.refused": "**{title}.** {problem}",
    "ui.sign_in.call_999": "**If a child is in immediate danger, call 999.**",
    "ui.sign_in.sso": "Sign in with your organisation's account",
    "ui.sign_in.or_password": "Or use a register username and password:",
    "ui.sign_in.other_account": "Use another account",
    "ui.cases.find": "Find or start a case",
    "ui.cases.reference": "Your local reference for this child",
    "ui.cases.find_button": "Find or start the case",
    "ui.cases.no_reference": "**There is a problem.** Type your local reference (never a name).",
    "ui.cases.open_cases": "Open cases",
    "ui.cases.none": "No open cases yet.",
    "ui.cases.latest_one": "{n} screening · latest {level} on {date}",
    "ui.cases.latest": "{n} screenings · latest {level} on {date}",
    "ui.cases.no_screenings": "no screenings yet",
    "ui.cases.demo": " · demo",
    "ui.cases.open": "Open",
    "ui.case.title": "Case",
    "ui.case.choose": "Choose a case on the Cases page.",
    "ui.case.go_to_cases": "Go to Cases",
    "ui.case.heading": "Case {code}",
    "ui.case.opened": "Opened {date} · {status}",
    "ui.case.demo": " · fictional demo case",
    "ui.case.screen_again": "Screen again from the latest",
    "ui.case.start": "Start a screening for this case",
    "ui.case.no_screenings": "No screenings saved on this case yet.",
    "ui.case.safety_plan": "Model of exploitation, danger statement and safety goal",
    "ui.case.models": "**Model of exploitation:** {models}",
    "ui.case.danger_statement": "**Danger statement:** {text}",
    "ui.case.safety_goal": "**Safety goal:** {text}",
    "ui.case.saved_by": "saved by {username}",
    "ui.case.correcting": ", correcting an earlier screening. Reason: {reason}",
    "ui.case.corrected_later": " (corrected later)",
    "ui.case.correct": "Correct a saved screening",
    "ui.case.correct_intro": (
        "Saved screenings are never changed. A correction is a new entry that points at the one it "
        "corrects, with your reason; both stay on the case."
    ),
    "ui.case.correct_which": "Screening to correct",
    "ui.case.saved_at_by": "{when} by {username}",
    "ui.case.correct_button": "Correct this screening",
    "ui.case.the_screening_of": "the screening of {date}",
    "ui.case.export": "Export the whole case",
    "ui.case.export_intro": (
        "For a subject access request: every screening saved on this case. Each export is recorded."
    ),
    "ui.case.export_pdf": "Case as PDF",
    "ui.case.export_json": "Case as JSON",
    "ui.save.heading": "Save to the register",
    "ui.save.corrects": "This screening **corrects** an earlier one on case **{code}**. Say what was wrong.",
    "ui.save.correction_reason": "Why this corrects the earlier screening (no names)",
    "ui.save.to_case": "Save to case {code}",
    "ui.save.to_new_case": "Save to the case for this reference",
    "ui.save.no_reference": "type your local reference (never a name)",
    "ui.save.case_code": "Case code",
    "ui.save.saved": "Screening saved",
    "ui.save.saved_on": "Saved on {date} at {time:%H:%M} (UTC).",
    "ui.save.open_case": "Open case {code}",
    "ui.audit.title": "Audit trail",
    "ui.audit.intro": (
        "Every sign-in (and failed attempt), case view, save and export, newest first. It cannot be "
        "changed or deleted. Reading or exporting it is recorded too."
    ),
    "ui.audit.days": "Show the last this many days",
    "ui.audit.column.when": "When (UTC)",
    "ui.audit.column.who": "Who",
    "ui.audit.column.what": "What",
    "ui.audit.column.case": "Case",
    "ui.audit.column.detail": "Detail",
    "ui.audit.csv": "Export as CSV",
    "ui.audit.json": "Export as JSON",
    # The pages' names in the menu and the browser's tab (ui/registry.py).
    "ui.page.start": "Start",
    "ui.page.consultation": "Consultation",
    "ui.page.questions": "Questions",
    "ui.page.check": "Check your answers",
    "ui.page.result": "Result",
    "ui.page.open_record": "Open a record",
    "ui.page.earlier_records": "Screen again or compare",
    "ui.page.training": "Training",
    "ui.page.rules": "Rules",
    "ui.page.consistency": "Regional consistency",
    "ui.page.register_cases": "Cases",
    "ui.page.register_case": "Case",
    "ui.page.register_audit": "Audit trail",
    "ui.page.panel_list": "Panel list",
    "ui.page.panel_trends": "Panel trends",
    "ui.page.panel_case": "Panel case",
    "ui.page.missing_episodes": "Missing episodes",
    "ui.page.settings_impact": "What a change would do",
    "ui.page.accessibility": "Accessibility statement",
    "ui.page.privacy": "Privacy notice",
    # A page opened with no screening, and the register's sign-in and refusals (ui/state.py,
    # ui/register_state.py, ui/panel_access.py).
    "ui.draft.expired": (
        "Your answers are no longer here. To protect them, answers are cleared after {minutes} minutes "
        "without use, or when the tool restarts. If you downloaded a record, you can upload it on the "
        "Start page to carry on."
    ),
    "ui.draft.none_title": "No screening in progress",
    "ui.draft.none": "Choose a form on the Start page first.",
    "ui.draft.go_to_consultation": "Go to the consultation page",
    "ui.draft.go_to_start": "Go to Start",
    "ui.signed_out.changed": (
        "You were signed out because your account was changed (a new password, another role, or it was "
        "turned off). Sign in again if you still can. Answers not saved to a case are gone."
    ),
    "ui.signed_out.elsewhere": (
        "You were signed out in another tab or window of this browser. Answers not saved to a case are gone."
    ),
    "ui.signed_out.idle": (
        "You were signed out after {minutes} minutes without activity. Answers not saved to a case are gone."
    ),
    "ui.refused.role": "Your role cannot open this page.",
    "ui.refused.sign_in": "Sign in first.",
    "ui.refused.page": "**You cannot open this page**\n\n{why}",
    "ui.panel.register_off": "The register is not turned on here, so there are no panel pages.",
    "ui.panel.sign_in": "Sign in to the register first.",
    "ui.panel.fixed_clock": "The clock is fixed at {time} UTC (a workshop or test setting).",
    # The command line (decision_tool/cli.py): its commands' help, and the lines it prints.
    "cli.description": "CSE screening aid: rules, scoring and records.",
    "cli.rules_dir": "rules folder (default: the built-in rules/)",
    "cli.error.title": "{title}:",
    "cli.error.more": "  ... and {n} more",
    "cli.validate.help": "check a rules folder or file; lists every problem",
    "cli.validate.description": (
        "Check a rules folder (questionnaires, contacts, scenarios) or one questionnaire file."
    ),
    "cli.validate.path": "rules folder or .yaml file (default: the built-in rules/)",
    "cli.validate.folder_ok": (
        "OK: {target}: {questionnaires} questionnaire(s), {localities} locality file(s), {overlays} "
        "locality overlay(s), {scenarios} scenario(s) checked"
    ),
    "cli.validate.not_an_overlay": "{target}: not an overlay of {folder}",
    "cli.validate.overlay_ok": "OK: {target}: {locality}'s settings on '{form}'",
    "cli.validate.file_ok": "OK: {target}: {title} v{version} ({questions} questions)",
    "cli.answers.not_a_mapping": "answers must be a mapping of question id to answer",
    "cli.answers.not_a_mapping_fix": "write 'age: 14' lines",
    "cli.assess.help": "score an answers file",
    "cli.assess.description": "Score an answers file (YAML or JSON: question id -> answer).",
    "cli.assess.rules": "questionnaire id (e.g. dsl, pharmacy) or path to a .yaml file",
    "cli.assess.answers": "answers file, .yaml or .json",
    "cli.assess.locality": "whose contacts and local settings to use (default: a scenario's own, else england)",
    "cli.assess.no_locality": "no locality '{locality}'{did_you_mean}; available: {available}",
    "cli.schema.help": "print the JSON Schema of the rules format",
    "cli.schema.description": "Print a JSON Schema.",
    "cli.list.help": "list questionnaires, localities and scenarios",
    "cli.list.description": "List what a rules folder holds.",
    # Columns padded by the code: each value comes already spaced to its column's width.
    "cli.list.questionnaire": "{id} v{version} {audience} {questions} questions  {title}",
    "cli.list.locality": "locality: {id} {title}  |  {settings}",
    "cli.list.scenarios": "scenarios: {n}",
    "cli.consistency.help": "where localities' settings would treat the same child differently",
    "cli.consistency.description": (
        "Run the scenario library and generated answer profiles (every single sign, every pair of "
        "significant signs, a seeded random sample) through the regional form and every locality's "
        "settings (rules/overlays/); report each difference in level, first action or review period and "
        "the setting that causes it. Exit 2 with --strict when a level or first action differs."
    ),
    "cli.consistency.sample": "random profiles per form (default: {default})",
    "cli.consistency.seed": "seed of the random profiles (default: {default})",
    "cli.consistency.pdf": "also write the report as a PDF to this file",
    "cli.consistency.strict": "exit 2 if any locality gives another level or first action",
    "cli.impact.help": "compare two rules folders over the scenario library",
    "cli.impact.description": (
        "Run every scenario under OLD and NEW rules; report changed levels and actions and why. Exit 1 if "
        "a scenario's expected outcome now fails."
    ),
    "cli.impact.old": "the published rules folder",
    "cli.impact.new": "the changed rules folder",
    "cli.guidance.help": "write docs/guidance.md: every red flag and minimum in plain words",
    "cli.guidance.description": (
        "Generate the plain-words guidance page (red flags, minimums, bands, sources) from the rules."
    ),
    "cli.guidance.output": "file to write, or - for standard output (default: docs/guidance.md)",
    "cli.guidance.check": "exit 1 if the file differs from the rules",
    "cli.guidance.out_of_date": "{target} is out of date: run `decision-tool guidance` (or `make guidance`)",
    "cli.guidance.matches": "OK: {target} matches the rules",
    "cli.guidance.wrote": "wrote {target}",
    # The register's commands at the server's terminal (decision_tool/register/cli.py): their help,
    # and the lines they print.
    "cli.db.help": "register database: create or upgrade its tables",
    "cli.db.upgrade.help": "create the register's tables or bring them up to date",
    "cli.db.upgrade.description": (
        "Run the register's migrations on DECISION_TOOL_DATABASE_URL (back up first)."
    ),
    "cli.database_url": "instead of DECISION_TOOL_DATABASE_URL",
    "cli.db.stamp.help": "mark the database as at a version without migrating (repairs only, with care)",
    "cli.db.stamp.description": (
        "Record that the register's tables are at VERSION without running any migration: only to repair a "
        "lost or wrong version stamp when you know the tables' version. Back up first."
    ),
    "cli.db.stamp.version": "a migration version, e.g. 0002_panel",
    "cli.users.help": "register accounts: add, disable, enable, reset, role, list",
    "cli.users.add.help": "add an account (asks for the password without showing it)",
    "cli.users.add.org": "organisation code (needed for practitioner and trainer)",
    "cli.password_stdin": "read the password from standard input",
    "cli.users.add.single_sign_on": (
        "no password: signs in only through the identity provider (username = their email)"
    ),
    "cli.users.disable.help": "stop an account signing in (at once)",
    "cli.users.enable.help": "let a disabled account sign in again",
    "cli.users.reset.help": "set a new password (and lift a lock-out)",
    "cli.users.role.help": "give an account another role (ends its sessions at once)",
    "cli.users.role.org": "organisation code (practitioners and trainers)",
    "cli.users.list.help": "list accounts, their roles and state",
    "cli.orgs.help": "organisations in the register: add, list",
    "cli.orgs.add.help": "add an organisation",
    "cli.orgs.add.code": "short code, e.g. SCH-12",
    "cli.orgs.add.name": "e.g. 'Riverside Academy'",
    "cli.orgs.add.spoc_role": "single point of contact: role (not a name)",
    "cli.orgs.list.help": "list organisations",
    "cli.register.help": "register upkeep: retention, export, backup and restore, demo data, a new key",
    "cli.register.purge.help": "delete cases past the retention period",
    "cli.register.purge.description": (
        "List cases with no activity for longer than DECISION_TOOL_RETENTION_DAYS; delete them unless "
        "--dry-run. The audit trail is kept."
    ),
    "cli.register.purge.dry_run": "only list what would be deleted",
    "cli.register.purge.yes": "delete without asking (for scheduled jobs)",
    "cli.register.export.help": "export a whole case (JSON + PDF) for a subject access request",
    "cli.register.export.description": (
        "Write CASE_CODE.json and CASE_CODE.pdf: every screening the register holds on the case."
    ),
    "cli.register.export.case_code": "e.g. C-7KQ2MX",
    "cli.register.export.out": "folder to write into (default: here)",
    "cli.register.seed_demo.help": "fill the register with fictional demo cases (workshops, benchmarks)",
    "cli.register.seed_demo.description": (
        "Add demo organisations (Demo School A ...) and fictional cases with screenings. Use a separate "
        "register for workshops."
    ),
    "cli.register.seed_demo.accounts": (
        "also make one demo account per role (demo-admin, demo-practitioner ...) and print their new "
        "passwords once; only in a register with no real cases"
    ),
    "cli.register.backup.help": "copy the whole register into a new file (safe while the app runs)",
    "cli.register.backup.description": (
        "Copy the register at DECISION_TOOL_DATABASE_URL into FILE, which must not exist yet: SQLite "
        "through its online backup, PostgreSQL through pg_dump --format=custom. Audited. The reference "
        "key is not in the backup: keep it apart."
    ),
    "cli.register.backup.file": "the backup file to make, e.g. register-2026-12-07.backup",
    "cli.register.restore.help": "restore a backup into an EMPTY database",
    "cli.register.restore.description": (
        "Restore FILE (made by `register backup`) into the database at DECISION_TOOL_DATABASE_URL (or "
        "--database-url), which must be empty: a new SQLite file name, or a new PostgreSQL database. FILE "
        "is checked first; a damaged one changes nothing. Audited in the restored register."
    ),
    "cli.register.restore.file": "the backup file",
    "cli.register.new_key.help": "print a new random reference key (for a new register)",
    "cli.audit.help": "the audit trail: export",
    "cli.audit.export.help": "write the audit trail as CSV or JSON",
    "cli.audit.export.since": "only events on or after this date (YYYY-MM-DD)",
    "cli.audit.export.out": "file to write (default: standard output)",
    "cli.register_off": (
        "the register is off: set DECISION_TOOL_DATABASE_URL (e.g. sqlite:///var/register.db) first"
    ),
    "cli.password.no_terminal": "no terminal to type a password in: use --password-stdin to pipe it in",
    "cli.password.new": "New password (not shown): ",
    "cli.password.again": "Type it again: ",
    "cli.password.differ": "the two passwords differ; nothing was changed",
    "cli.db.upgraded": "OK: register database at version {version}",
    "cli.db.stamped": (
        "OK: register database marked as version {version} (no migration was run). Run `decision-tool db "
        "upgrade` next."
    ),
    "cli.users.added": "OK: added {username} ({role})",
    "cli.users.disabled": "OK: {username} can no longer sign in (signed-in sessions stop at their next step)",
    "cli.users.enabled": "OK: {username} can sign in again",
    "cli.users.reset": (
        "OK: new password set for {username}; any lock-out is lifted, and every session signed in before ends"
    ),
    "cli.users.role_changed": "OK: {username} is now {role}; every session signed in before ends",
    "cli.users.role_in": "{role} in {organisation}",
    "cli.users.active": "active",
    "cli.users.inactive": "disabled",
    "cli.users.locked_until": ", locked until {time} UTC",
    "cli.orgs.added": "OK: added organisation {code} ({name}, {kind})",
    "cli.purge.found": "{n} case(s) with no activity since before {before} (retention {days} days):",
    "cli.purge.case": "  {code}  {organisation} last activity {last}  {screenings} screening(s)",
    "cli.purge.dry_run": "Dry run: nothing was deleted.",
    "cli.purge.nothing": "Nothing to delete.",
    "cli.purge.no_terminal": "to delete these cases without a terminal, add --yes",
    "cli.purge.confirm": "Type DELETE to delete them for good: ",
    "cli.purge.not_deleted": "Nothing was deleted.",
    "cli.purge.deleted": "Deleted {n} case(s) and their screenings. The audit trail keeps their codes.",
    "cli.seed_demo.done": (
        "OK: {cases} fictional demo cases with {screenings} screenings in {organisations} demo "
        "organisations (DEMO-A ...). Trainers find them by references like {reference}; add a trainer "
        "with: decision-tool users add NAME --role trainer --org DEMO-A"
    ),
    "cli.seed_demo.accounts": (
        "\nDEMO ACCOUNTS for this workshop (fictional cases only). The passwords are shown this once; run "
        "seed-demo --accounts again for new ones:"
    ),
    "cli.export.wrote": "OK: wrote {json} and {pdf}",
    "cli.backup.done": (
        "OK: backed up the register (version {version}) to {path} ({size} bytes). It holds the "
        "screenings: keep it as safe as the register. The reference key is not in it: keep the key's own "
        "backup apart."
    ),
    "cli.restore.done": "OK: restored {file} (version {version}).",
    "cli.restore.sign_ins_ended": "Ended {n} sign-in(s) kept in the backup: everyone signs in again.",
    "cli.restore.upgrade_next": "Next: run `decision-tool db upgrade`: this release needs version {head}.",
    "cli.restore.other_key": (
        "But the reference key set here is not the one this register was started with: the app will "
        "refuse to start until DECISION_TOOL_REFERENCE_KEY (or _FILE) holds the original key."
    ),
    "cli.audit.not_a_date": "expected a date like 2026-01-31, got '{value}'",
    "cli.audit.wrote": "OK: wrote {file}",
    # The register's refusals and errors (decision_tool/register/): the pages and the CLI show them as
    # they are raised, a title (``register.title.…``) above the message.
    "register.title.unavailable": "The case register cannot be reached just now",
    "register.title.access_denied": "You cannot do this",
    "register.title.sign_in_failed": "Sign-in failed",
    "register.title.password": "Choose another password",
    "register.title.reference": "Check the reference",
    "register.title.config": "The register cannot start",
    "register.title.panel_input": "Check what you entered",
    "register.error.unavailable": (
        "nothing was read or saved. What you typed (and any screening you were doing) is still here: "
        "try again in a minute. If it keeps happening, tell your register administrator."
    ),
    # One message for every failed sign-in: it must not tell a stranger which usernames exist or are locked.
    "register.error.sign_in": (
        "The username or password is not right, or the account is locked. After {max_failed} failed "
        "attempts an account is locked for {lockout_minutes} minutes. If you are stuck, ask your register "
        "administrator."
    ),
    "register.error.password_short": "a password needs at least {chars} characters (three random words work well)",
    "register.error.password_long": "a password is at most {chars} characters",
    "register.error.sso_no_email": (
        "Your organisation's sign-in worked, but it did not give this app your email address, so no "
        "register account can be matched. Ask your organisation's IT team to send the email claim, or your "
        "register administrator."
    ),
    "register.error.sso_unverified": (
        "Your organisation's sign-in has not confirmed that {email} is yours, so it cannot open a register "
        "account. Ask your organisation's IT team to confirm the address, or your register administrator."
    ),
    "register.error.sso_no_account": (
        "Your organisation's sign-in worked, but there is no active register account for {email}. Ask your "
        "register administrator."
    ),
    "register.error.role_cannot": "your role ({role}) cannot do this",
    "register.error.denied": "your role cannot do this",
    "register.error.no_organisation": "your account has no organisation: ask your administrator to set one",
    "register.error.sign_in_again": "sign in again",
    "register.error.account_changed": "your account has been changed or disabled: sign in again",
    "register.error.no_case": "there is no case {code} that you can open",
    "register.error.no_case_with_code": "there is no case with that code that you can open",
    "register.error.reference_control": (
        "the reference holds a control character (an invisible code, often from a copy and paste): type "
        "it again by hand"
    ),
    "register.error.reference_empty": "type your own reference for this child (your system's pupil or case number)",
    "register.error.reference_long": (
        "a reference is at most {chars} characters: use your system's pupil or case number, never a name"
    ),
    "register.error.key_file": "cannot read the reference key file {file} ({reason})",
    "register.fix.key_file": "check the path and that the app may read it",
    "register.error.no_key": (
        "the register is on (DECISION_TOOL_DATABASE_URL is set) but there is no reference key, so local "
        "references cannot be kept safely"
    ),
    "register.fix.no_key": (
        "set DECISION_TOOL_REFERENCE_KEY, or DECISION_TOOL_REFERENCE_KEY_FILE naming a file that holds it; "
        "{new_key}. Keep it out of the database and its backups, and never change it: a new key cannot "
        "find the cases saved under the old one"
    ),
    "register.fix.new_key": 'make one with: python -c "import secrets; print(secrets.token_hex(32))"',
    "register.error.key_short": "the reference key is too short ({chars} characters; at least {least})",
    "register.error.not_a_number": "expected a whole number above 0, got '{value}'",
    "register.error.no_tables": "the register database has no tables yet: run `decision-tool db upgrade` first",
    "register.error.old_version": (
        "the register database is at version {current}, this app needs {head}: run `decision-tool db "
        "upgrade` (back up first)"
    ),
    "register.error.key_changed": (
        "the reference key differs from the one this register was started with, so no saved case could be "
        "found by its reference: restore the original DECISION_TOOL_REFERENCE_KEY"
    ),
    "register.error.busy": "the register is busy: try again",
    "register.error.status": "status must be one of {statuses}",
    "register.error.reason_without_correction": (
        "a reason is only given with a correction: choose the screening it corrects"
    ),
    "register.error.correction_reason": "say why this corrects the earlier screening (at least {chars} characters)",
    "register.error.reason_long": "the reason is at most {chars} characters",
    "register.error.save_key": "the save key is not one this tool made",
    "register.error.saved_elsewhere": "this screening is already saved on another case",
    "register.error.not_this_cases_screening": "the screening to correct is not one of this case's screenings",
    "register.error.audit_format": "the audit export is csv or json",
    "register.error.organisation_code": "an organisation code is 1-32 letters, digits, - or _ (e.g. SCH-12)",
    "register.error.organisation_kind": "the kind of organisation is one of: {kinds}",
    "register.error.organisation_name": "give the organisation a name",
    "register.error.organisation_exists": "there is already an organisation {code}",
    "register.error.username": "a username is 3-64 letters, digits, . _ @ or - (no spaces)",
    "register.error.role": "the role is one of: {roles}",
    "register.error.role_needs_organisation": "a {role} belongs to an organisation: give its code (--org)",
    "register.error.user_exists": "there is already a user '{username}' (letter case does not matter)",
    "register.error.no_organisation_known": "there is no organisation '{code}'; known: {known}",
    "register.error.no_organisation_yet": "there is no organisation '{code}'; add one first",
    "register.error.no_user": "there is no user '{username}'",
    "register.error.disable_self": "you cannot disable your own account",
    "register.error.change_own_role": "you cannot change your own role",
    "register.error.not_a_record": "this is not a complete screening record ({where}: {problem})",
    "register.export.note": (
        "Everything the register holds on this case. The local reference is kept only as a keyed hash and "
        "cannot be shown."
    ),
    # The operator's commands' errors: the register's database, its backup and restore, and demo data
    # (register/db.py, backup.py, demo.py).
    "register.db.not_an_address": (
        "DECISION_TOOL_DATABASE_URL is not a database address: '{url}'. Use sqlite:///path/to/register.db "
        "or postgresql+psycopg://user@host/dbname"
    ),
    "register.db.not_supported": "the register runs on SQLite or PostgreSQL, not '{backend}'",
    "register.db.unchanged": "Nothing was changed by this check.",
    "register.db.what_to_do": (
        "Restore the database from your last backup; or, only if you know which version its tables are "
        "at, mark it with `decision-tool db stamp VERSION` (with care: a wrong mark can damage the "
        "register) and run `decision-tool db upgrade` again."
    ),
    "register.db.unknown_stamp": (
        "the register database is stamped with version '{current}', which this release of the tool does "
        "not know (it knows {known}): it was made by a newer release, or its version table was changed by "
        "hand. Use the release that made it. {what_to_do}"
    ),
    "register.db.no_stamp": (
        "the register database has the register's tables but no version stamp (its alembic_version table "
        "is missing or empty), so it is not known which migrations it has had. {what_to_do}"
    ),
    "register.db.upgrade_stopped": (
        "the upgrade from version {current} stopped: the database already has tables or columns that a "
        "later version makes, so its stamp ({current}) is older than its tables. {what_to_do}"
    ),
    "register.db.no_version": "there is no version '{revision}': the versions are {known}",
    "register.restore.after": (
        "The restore was complete, so the register now holds the backup's rows; nothing else was changed."
    ),
    "register.title.backup": "No backup was made",
    "register.title.restore": "Nothing was restored",
    "register.backup.exists": (
        "{file} exists already, and a backup never overwrites one: give a new file name (e.g. with "
        "today's date), or move the old file away first"
    ),
    "register.backup.no_folder": "there is no folder {folder} to write {file} in: make it first",
    "register.backup.no_tables": (
        "the database at {database} has no register tables, so there is nothing to back up: check "
        "DECISION_TOOL_DATABASE_URL (or --database-url)"
    ),
    "register.backup.check_failed": "the copy did not check out ({result}): nothing was kept",
    "register.backup.sqlite_failed": "SQLite could not copy the register ({reason}): nothing was kept",
    "register.backup.pg_dump_failed": "pg_dump could not copy the register",
    "register.restore.other_kind": (
        "{file} is {made}, but {database} is a {kind} database: restore a backup into the same kind of "
        "database it was taken from"
    ),
    "register.restore.made.sqlite": "a SQLite database file",
    "register.restore.made.postgresql": "a PostgreSQL (pg_dump) archive",
    "register.restore.kind.sqlite": "SQLite",
    "register.restore.kind.postgresql": "PostgreSQL",
    "register.restore.no_file": "there is no file {file}: check the name and folder",
    "register.restore.a_folder": "{file} is a folder: name the backup file itself",
    "register.restore.unreadable": "cannot read {file} ({reason})",
    "register.restore.not_a_backup": (
        "{file} is not a register backup (neither a SQLite database nor a pg_dump archive): name a file "
        "that `decision-tool register backup` made"
    ),
    "register.restore.not_empty": (
        "the database at {database} is not empty (it has {found}), and a restore goes only into an empty "
        "database, so nothing was changed. Make a new one (SQLite: a file name that does not exist yet; "
        "PostgreSQL: `createdb --owner USER NEW_NAME`), restore into it with --database-url, check it, "
        "then point DECISION_TOOL_DATABASE_URL at it"
    ),
    "register.restore.not_sqlite_data": "data that is not a SQLite database",
    "register.restore.short_header": "the file is shorter than a SQLite header",
    "register.restore.size": "the file has {size} bytes, but its header says {expected}",
    "register.restore.damaged": (
        "{file} is damaged or cut short ({reason}): nothing was restored. Use another backup, and check "
        "the disk or copy that made this one"
    ),
    "register.restore.cannot_open": "{file} cannot be opened as a SQLite database ({reason})",
    "register.restore.says": "{tool} says: {said}",
    "register.restore.not_register": "{file} is {made} but not a register backup (it has no {missing})",
    "register.restore.undone": (
        "the restore of {file} stopped and was undone, so the database is still empty. {file} is probably "
        "damaged or cut short: use another backup"
    ),
    "register.backup.in_memory": "an in-memory SQLite database cannot be backed up or restored: name a file",
    "register.backup.no_database_file": (
        "there is no register database file {file}: check DECISION_TOOL_DATABASE_URL"
    ),
    "register.backup.not_installed": (
        "{program} is not installed here: install PostgreSQL's client tools (apt-get install "
        "postgresql-client)"
    ),
    "register.backup.no_reason": "no reason given",
    "register.demo.real_cases": (
        "this register holds real cases: make demo accounts only in a separate register for the workshop "
        "(point DECISION_TOOL_DATABASE_URL at a new database, then run seed-demo --accounts)"
    ),
    "register.demo.no_organisations": "no demo organisations yet: run seed-demo first",
    "register.restore.archive.sqlite": "a SQLite database",
    "register.restore.archive.postgresql": "a pg_dump archive",
    # The panel's refusals (register/panel.py): several problems are said together, in one message.
    "register.problems.separator": "; ",
    "register.error.list_format": "the list is exported as csv or pdf",
    "register.error.not_this_cases_episode": "that missing episode is not one of this case's",
    "register.error.not_this_cases_action": "that action is not one of this case's",
    "register.error.case_closed": "case {code} is closed: nothing more can be recorded on it",
    "register.episode.in_future": "'{moment}' is in the future",
    "register.episode.moment.went_missing": "went missing",
    "register.episode.moment.returned": "returned",
    "register.episode.moment.offered": "interview offered",
    "register.episode.moment.done": "interview done",
    "register.episode.return_before_missing": "the child cannot return before going missing",
    "register.episode.interview_before_return": (
        "a return interview comes after the return: enter when the child returned first"
    ),
    "register.episode.offered_before_return": "the interview was offered before the child returned",
    "register.episode.done_before_return": "the interview was done before the child returned",
    "register.decision.unknown": "choose a decision from the list (not '{decision}')",
    "register.decision.meeting_in_future": "the meeting date is in the future",
    "register.decision.close_needs_reason": "closing a case needs a reason: choose one from the list",
    "register.decision.reason_without_close": "a closing reason is only given when the decision is to close",
    "register.decision.choose_review": "choose the next review date",
    "register.decision.review_after_meeting": "the next review date must be after the meeting",
    "register.decision.action_unknown": "action {n}: choose an action from the list",
    "register.decision.owner_unknown": "action {n}: the owner is a role from the list, never a name",
    "register.decision.due_before_meeting": "action {n}: the due date is before the meeting",
    # The trends' CSV heads its tables with the moment and the period (register/panel.py).
    "register.trends.heading": "Trends as at {time} UTC ({period}); counts of 1 to 4 are shown as <5",
    "register.trends.from": "from {day}",
    "register.trends.to": "to {day}",
    "register.trends.locality": "locality {locality}",
    "register.trends.everything": "all dates, all localities",
    # A whole case as one PDF for a subject access request (register/export.py).
    "register.sar.title": "Case {code}",
    "register.sar.heading": "Case {code}: everything the register holds",
    "register.sar.exported": "Exported {day} at {time} UTC for a subject access request.",
    "register.sar.case": "Organisation {organisation}. Opened {opened}. Status: {status}.",
    "register.sar.status.open": "open",
    "register.sar.status.closed": "closed",
    "register.sar.closed_because": "{status} ({reason})",
    "register.sar.no_name": (
        "The register does not hold the child's name. The local reference is kept only as a keyed hash and "
        "cannot be shown."
    ),
    "register.sar.screenings": "Screenings ({n}), oldest first",
    "register.sar.not_on_case": "(not on this case)",
    "register.sar.screening": "{time} UTC, saved by {saved_by}: {questionnaire}, rules version {version}, outcome {level}",
    "register.sar.tool_result": " (the tool's result: {level})",
    "register.sar.corrects": "; corrects screening {n}. Reason: {reason}",
    "register.sar.corrected_by": "; corrected by screening {n}",
    "register.sar.screening_line": "Screening {n}: {text}",
    # The panel's own words (decision_tool/panel/): its fixed lists, the names of levels on its one
    # scale, the list's cells and columns (on screen and in the CSV and PDF) and the trend tables.
    "panel.decision.continue": "Keep on the list: plan continues",
    "panel.decision.escalate": "Escalate: risk has increased",
    "panel.decision.strategy_meeting": "Hold a strategy meeting",
    "panel.decision.refer_social_care": "Refer to children's social care",
    "panel.decision.step_down": "Step down to single-agency support",
    "panel.decision.close": "Close: risk reduced, no longer needs the panel",
    "panel.action.return_interview": "Complete the return home interview",
    "panel.action.strategy_meeting": "Arrange a strategy meeting",
    "panel.action.safety_plan": "Update the safety plan",
    "panel.action.disruption": "Disruption activity (places, vehicles, adults of concern)",
    "panel.action.education": "Review education placement and attendance",
    "panel.action.health": "Sexual health or health review",
    "panel.action.specialist_support": "Referral to a specialist exploitation support service",
    "panel.action.family_support": "Support for the family or carers",
    "panel.action.rescreen": "Screen again before the next review",
    "panel.action.share_information": "Share information with partner agencies",
    "panel.owner.social_worker": "Allocated social worker",
    "panel.owner.police_exploitation": "Police exploitation team",
    "panel.owner.school_dsl": "School designated safeguarding lead",
    "panel.owner.health_named_nurse": "Health named nurse for safeguarding",
    "panel.owner.missing_coordinator": "Missing children coordinator",
    "panel.owner.youth_worker": "Youth or outreach worker",
    "panel.owner.early_help": "Early Help lead professional",
    "panel.owner.panel_chair": "Panel chair",
    "panel.owner.pharmacy_lead": "Pharmacy safeguarding lead",
    "panel.close_reason.risk_reduced": "Risk reduced: no longer needs the panel",
    "panel.close_reason.moved_area": "Moved out of the area: case handed over",
    "panel.close_reason.turned_18": "Turned 18: handed to adult services",
    "panel.close_reason.other_plan": "Managed under another plan (child protection or child in need)",
    "panel.close_reason.duplicate": "Opened in error or a duplicate",
    # A choice saved under an id no list holds any more (a list shortened since): its id, to look up.
    "panel.unknown_choice": "Unknown ({id})",
    # The panel's one scale across questionnaires (panel/levels.py): short names for lists and charts.
    "panel.level.low": "Low",
    "panel.level.emerging": "Emerging",
    "panel.level.medium": "Moderate",
    "panel.level.high": "High",
    "panel.level.immediate": "Immediate danger",
    "panel.level.not_screened": "Not screened",
    # A level id the panel's scale does not know (a local questionnaire's own): shown so it is looked at.
    "panel.level.unrecognised": "Unrecognised level '{id}': check",
    "panel.change.not_screened": "Not screened yet",
    "panel.change.first": "First screening",
    "panel.change.up": "Up from {level}",
    "panel.change.down": "Down from {level}",
    "panel.change.same": "Same as last time",
    # A missing episode's return interview clock (panel/missing.py).
    "panel.interview.missing": "Still missing",
    "panel.interview.done_in_time": "Interview done within {hours} hours",
    "panel.interview.done_late": "Interview done after {hours} hours",
    "panel.interview.overdue": "Interview overdue by {hours} h",
    "panel.interview.due": "Interview due within {hours} h",
    "panel.interview.due_offered": "Interview due within {hours} h (offered)",
    "panel.interview.no_episodes": "No missing episodes",
    # A case's next review on the list (panel/rows.py).
    "panel.review.none": "No review date set",
    "panel.review.overdue_day": "Overdue by {days} day",
    "panel.review.overdue_days": "Overdue by {days} days",
    "panel.review.today": "Due today",
    "panel.review.due_in_day": "Due in {days} day",
    "panel.review.due_in_days": "Due in {days} days",
    "panel.spoc.none": "No single point of contact recorded",
    # The panel list as exported (panel/export.py): CSV and PDF.
    "panel.list.title": "Panel list",
    "panel.list.column.case": "Case",
    "panel.list.column.level": "Level",
    "panel.list.column.change": "Change since last screening",
    "panel.list.column.last_screened": "Last screened",
    "panel.list.column.review_due": "Review due",
    "panel.list.column.review": "Review",
    "panel.list.column.organisation": "Organisation",
    "panel.list.column.spoc": "Single point of contact",
    "panel.list.column.locality": "Locality",
    "panel.list.column.missing": "Missing episodes (30 days)",
    "panel.list.column.interview": "Return interview",
    "panel.list.column.strategy_meeting": "Strategy meeting",
    "panel.list.strategy_meeting": "{episodes} or more episodes in {days} days: consider a strategy meeting",
    "panel.list.as_at": "As at",
    "panel.list.as_at_time": "{time} UTC",
    "panel.list.heading": "{title}, as at {time}",
    "panel.list.open_cases": "{n} open cases. No names or free text: case codes only.",
    "panel.list.yes": "Yes",
    # The trend tables (panel/trends.py), on screen and in the CSV; counts of 1 to 4 are hidden.
    "panel.table.no_returns": "No returns",
    "panel.table.suppressed": "Suppressed (small numbers)",
    "panel.table.rate": "{done} of {total} (%)",
    "panel.trends.by_month": "Screenings per month by level",
    "panel.trends.by_level": "Children by current level at the end of each month",
    "panel.trends.escalations": "Escalations and de-escalations",
    "panel.trends.categories": "Most frequent indicator categories",
    "panel.trends.models": "Children by model of exploitation",
    "panel.trends.by_organisation": "Children by current level and organisation",
    "panel.trends.by_locality": "Children by current level and locality",
    "panel.trends.interviews": "Return interviews within {hours} hours",
    "panel.trends.column.month": "Month",
    "panel.trends.column.month_of_return": "Month of return",
    "panel.trends.column.category": "Category",
    "panel.trends.column.screenings": "Screenings",
    "panel.trends.column.model": "Model of exploitation",
    "panel.trends.column.children": "Children",
    "panel.trends.column.organisation": "Organisation",
    "panel.trends.column.locality": "Locality",
    "panel.trends.column.escalated": "Escalated",
    "panel.trends.column.de_escalated": "De-escalated",
    "panel.trends.column.unchanged": "Unchanged",
    "panel.trends.column.returns": "Returns",
    "panel.trends.column.within": "Within {hours} hours",
    "panel.trends.no_model": "None recorded",
    # The panel's list, a case's episodes and decisions, and the trend charts (ui/panel_views.py).
    "ui.panel.column.case": "Case",
    "ui.panel.column.level": "Level",
    "ui.panel.column.change": "Change",
    "ui.panel.column.last_screened": "Last screened",
    "ui.panel.column.review": "Review",
    "ui.panel.column.organisation": "Organisation",
    "ui.panel.column.spoc": "Single point of contact",
    "ui.panel.column.locality": "Locality",
    "ui.panel.column.missing": "Missing (30 days)",
    "ui.panel.column.interview": "Return interview",
    "ui.panel.column.strategy": "Strategy meeting",
    "ui.panel.not_screened": "Not screened yet",
    "ui.panel.hold_strategy": "3 or more episodes in 30 days: hold one",
    "ui.panel.none_due": "None due",
    "ui.panel.sort_by": "Sort by:",
    "ui.panel.closed": "This case is closed, so it is not on the panel list.",
    "ui.panel.current_level": "Current level",
    "ui.panel.level_change": "{level} ({icon} {change})",
    "ui.panel.organisation_spoc": "{organisation} ({spoc})",
    "ui.panel.missing_30_days": "Missing episodes in the last 30 days",
    "ui.panel.hold_strategy_missing": "⚠ 3 or more missing episodes in 30 days: hold one",
    "ui.panel.no_episodes": "No missing episodes recorded.",
    "ui.panel.episode.id": "Episode",
    "ui.panel.episode.went_missing": "Went missing",
    "ui.panel.episode.returned": "Returned",
    "ui.panel.episode.still_missing": "Still missing",
    "ui.panel.episode.interview_offered": "Interview offered",
    "ui.panel.episode.interview_done": "Interview done",
    "ui.panel.episode.clock": "72-hour clock",
    "ui.panel.next_review": "; next review {date}",
    "ui.panel.decision": "**{date}: {decision}**{review}",
    "ui.panel.action_done": "done {date}",
    "ui.panel.action_overdue": "⚠ overdue",
    "ui.panel.action_due": "due {date}",
    "ui.panel.action": "- {action}: {owner}, {state}",
    "ui.panel.nothing_in_period": "Nothing in this period.",
    # The panel's forms: missing episodes and decisions (ui/panel_forms.py).
    "ui.panel.form.date": "{label}: date",
    "ui.panel.form.time": "{label}: time (UK)",
    "ui.panel.form.enter_date_time": "Enter the date and the time {what}",
    "ui.panel.form.returned_yes": "Yes, they have returned",
    "ui.panel.form.returned_no": "No, they are still missing",
    "ui.panel.missing.heading": "Missing episodes",
    "ui.panel.missing.intro": (
        "A return home interview should be done within **72 hours** of the child's return. Times are UK time."
    ),
    "ui.panel.missing.strategy": (
        "**3 or more missing episodes in 30 days.** Local protocols call a strategy meeting."
    ),
    "ui.panel.missing.overdue_one": "**Return interview overdue** for {n} episode.",
    "ui.panel.missing.overdue": "**Return interview overdue** for {n} episodes.",
    "ui.panel.missing.closed": "This case is closed: nothing more can be recorded on it.",
    "ui.panel.missing.record": "Record a missing episode",
    "ui.panel.missing.add_to": "Add the return or the interview to an episode",
    "ui.panel.missing.went_missing": "Went missing",
    "ui.panel.missing.have_returned": "Have they returned?",
    "ui.panel.missing.returned_if": "Returned (if they have)",
    "ui.panel.missing.save": "Save the missing episode",
    "ui.panel.missing.they_went_missing": "they went missing",
    "ui.panel.missing.they_returned": "they returned",
    "ui.panel.missing.choose_returned": "Choose whether they have returned",
    "ui.panel.missing.leave_return_empty": "Leave the return empty while they are still missing",
    "ui.panel.missing.saved": "Missing episode saved.",
    "ui.panel.missing.episode": "Episode",
    "ui.panel.missing.choose_episode": "Choose the episode",
    "ui.panel.missing.episode_option": "{id}: went missing {when}",
    "ui.panel.missing.choose_to_add": "Choose the episode to add to.",
    "ui.panel.missing.leave_empty": "Leave a date and time empty if it has not happened yet.",
    "ui.panel.missing.returned": "Returned",
    "ui.panel.missing.interview_offered": "Interview offered",
    "ui.panel.missing.interview_done": "Interview done",
    "ui.panel.missing.save_changes": "Save the changes",
    "ui.panel.missing.interview_was_offered": "the interview was offered",
    "ui.panel.missing.interview_was_done": "the interview was done",
    "ui.panel.missing.updated": "Episode updated.",
    "ui.panel.decide.heading": "**Record this meeting's decision**",
    "ui.panel.decide.meeting": "Meeting date",
    "ui.panel.decide.decision": "Decision",
    "ui.panel.decide.choose_decision": "Choose the panel's decision",
    "ui.panel.decide.review": "Next review date (not when closing)",
    "ui.panel.decide.close_reason": "Reason for closing (only when the decision is to close)",
    "ui.panel.decide.not_closing": "Not closing",
    "ui.panel.decide.actions": "Actions: each has an owner (a role, never a name) and a due date.",
    "ui.panel.decide.action": "Action {n}",
    "ui.panel.decide.no_action": "No action",
    "ui.panel.decide.owner": "Owner of action {n}",
    "ui.panel.decide.choose_role": "Choose a role",
    "ui.panel.decide.due": "Due date of action {n}",
    "ui.panel.decide.save": "Save the decision",
    "ui.panel.decide.enter_meeting": "Enter the date of the meeting",
    "ui.panel.decide.enter_review": "Enter the next review date",
    "ui.panel.decide.leave_review_empty": "Leave the next review date empty when closing the case",
    "ui.panel.decide.action_or_empty": "Choose action {n}, or leave its owner and date empty",
    "ui.panel.decide.owner_and_due": "Choose the owner and the due date of action {n}",
    "ui.panel.decide.closed": "Case closed.",
    "ui.panel.decide.saved": "Decision saved.",
    # The regional consistency page (ui/consistency_views.py).
    "ui.consistency.running": "Running every profile through every locality's settings…",
    "ui.consistency.locality": "Locality",
    "ui.consistency.hover": (
        "%{{y}}<br>region's level: %{{x}}<br>treated differently: %{{customdata}} profiles<extra></extra>"
    ),
    "ui.consistency.intro": (
        "The same answers run through the **regional form** and each locality's own settings "
        "(`rules/overlays/`): every fictional scenario, every single sign, every pair of significant "
        "signs and {sample:,} random answer sets per form. Where a locality would give another level, "
        "another first action or another review period, the report says by how much and which setting "
        "causes it. Red flags and must-refer minimums are regional: a locality can only raise them."
    ),
    "ui.consistency.heatmap": (
        "Profiles given another level or first action: each locality by the region's level"
    ),
    "ui.consistency.what_differs": "What differs, and which setting causes it",
    "ui.consistency.first_findings": "The first {shown} of {total:,} differences",
    "ui.consistency.export": "Export",
    "ui.consistency.csv": "Download every difference (CSV)",
    "ui.consistency.pdf": "Download the report (PDF)",
    # What a settings change would do to the saved screenings (ui/settings_impact_views.py).
    "ui.impact.column.locality": "Locality",
    "ui.impact.column.saved": "Saved screenings",
    "ui.impact.column.higher": "Would be higher",
    "ui.impact.column.lower": "Would be lower",
    "ui.impact.column.same": "Unchanged",
    "ui.impact.no_locality": "No locality recorded",
    "ui.impact.level": "Level whose band moves",
    "ui.impact.start": "It would start at score",
    "ui.impact.the_proposed_band": "the proposed band",
    "ui.impact.on_the_proposed_band": "{file} on the proposed band",
    "ui.impact.upload": "Proposed overlay file (.yaml)",
    "ui.impact.too_large": "the file is too large to be an overlay",
    "ui.impact.other_form": "{file} is for the form '{form}'; choose that form above",
    "ui.impact.unknown_locality": "{file} names the locality '{locality}', which these rules do not have",
    "ui.impact.refused": (
        "What a settings change would do is for administrators and the regional coordinator."
    ),
    "ui.impact.title": "What a change would do",
    "ui.impact.intro": (
        "Choose proposed settings and see how many **saved screenings** would get another level under "
        "them, by locality and direction. Saved screenings are never changed: each one's answers are "
        "scored again, here only, under its locality's settings now and under the proposal. Counts of "
        '1 to 4 are shown as "{suppressed}" so that no small group of children can be picked out.'
    ),
    "ui.impact.proposed": "Proposed settings",
    "ui.impact.typed": "A band edge, typed in (for the whole region)",
    "ui.impact.uploaded": "An overlay file",
    "ui.impact.count": "Count the saved screenings that would change",
    "ui.impact.none_saved": "No saved screenings on **{form}**.",
    # The panel's pages, the cases page and who may open them (pages/panel_list.py, panel_case.py,
    # missing_episodes.py, register_cases.py, consistency.py).
    "ui.panel_list.refused": "The panel list is for members of the multi-agency panel.",
    "ui.panel_list.as_at": "Open cases as at **{time} UTC**. Case codes only: no names, no free text.",
    "ui.panel_list.open_cases": "Open cases",
    "ui.panel_list.reviews_overdue": "Reviews overdue",
    "ui.panel_list.interviews_overdue": "Interviews overdue",
    "ui.panel_list.strategy_prompts": "Strategy meeting prompts",
    "ui.panel_list.sort.priority": "highest level first; within a level, overdue reviews first",
    "ui.panel_list.sort.review": "review date, soonest first",
    "ui.panel_list.sort.missing": "missing episodes in the last 30 days, most first",
    "ui.panel_list.sort.last_screened": "last screened, longest ago first",
    "ui.panel_list.sort.organisation": "organisation",
    "ui.panel_list.sort.code": "case code",
    "ui.panel_list.filter": "Filter the list",
    "ui.panel_list.lowest_level": "Lowest level shown",
    "ui.panel_list.all_levels": "All levels",
    "ui.panel_list.level_and_above": "{level} and above",
    "ui.panel_list.organisation": "Organisation",
    "ui.panel_list.all_organisations": "All organisations",
    "ui.panel_list.locality": "Locality",
    "ui.panel_list.all_localities": "All localities",
    "ui.panel_list.overdue_only": "Only overdue reviews or interviews",
    "ui.panel_list.strategy_only": "Only strategy meeting prompts",
    "ui.panel_list.page_of": " (here {first} to {last}: page {page} of {pages})",
    "ui.panel_list.pager_label": "Pages of the list",
    "ui.panel_list.previous_page": "Previous page",
    "ui.panel_list.next_page": "Next page",
    "ui.panel_list.pager_position": "Page {page} of {pages}",
    "ui.panel_list.showing": (
        "Showing {shown} of {total} open cases{where}, sorted by {sort}. Choose a column's heading to sort "
        "by it, or a case code to open its missing episodes and panel decisions."
    ),
    "ui.panel_list.export": "Export for the meeting",
    "ui.panel_list.export_intro": (
        "A snapshot of the list as shown above, as at the moment you click. Spreadsheet formulas in the CSV "
        "are made harmless. Every export is recorded in the audit trail."
    ),
    "ui.panel_list.pdf": "Download the list (PDF)",
    "ui.panel_list.csv": "Download the list (CSV)",
    "ui.panel_case.title": "Panel: a case",
    "ui.panel_case.refused": "Panel decisions are for members of the multi-agency panel.",
    "ui.panel_case.choose": "Choose a case on the panel list first.",
    "ui.panel_case.go_to_list": "Go to the panel list",
    "ui.panel_case.case": "Case **{code}**",
    "ui.panel_case.back_to_list": "Back to the panel list",
    "ui.panel_case.decisions": "Panel decisions",
    "ui.panel_case.no_decisions": "No decisions recorded yet.",
    "ui.missing.refused": "Missing episodes are recorded by practitioners and the panel.",
    "ui.missing.no_cases": "There are no open cases you can see.",
    "ui.missing.case": "Case",
    "ui.missing.choose_case": "Choose a case",
    "ui.missing.choose_to_see": "Choose the case to see or record its missing episodes.",
    "ui.cases.training": "Training account: you see and create only fictional demo cases.",
    "ui.consistency.refused": "The consistency report is for administrators and the regional coordinator.",
    # The panel's trends (pages/panel_trends.py).
    "ui.trends.refused": "Trends are for members of the multi-agency panel.",
    "ui.trends.from": "From",
    "ui.trends.to": "To",
    "ui.trends.dates_wrong": "**Check the dates**\n\n- The start date is after the end date.",
    "ui.trends.locality": "Locality",
    "ui.trends.all_localities": "All localities",
    "ui.trends.as_at": (
        "As at {time} UTC. The charts show exact counts for the panel; the exported tables show counts of "
        '1 to 4 as "<5" so that no child can be picked out.'
    ),
    "ui.trends.models": (
        "The models of exploitation practitioners ticked on their records (several, or none, per child); "
        "they shape the panel's disruption work."
    ),
    "ui.trends.column.month": "Month of return",
    "ui.trends.column.returns": "Returns",
    "ui.trends.column.within_72_hours": "Within 72 hours",
    "ui.trends.column.rate": "Rate",
    "ui.trends.national": (
        "Nationally about 63% of return interviews happen within 72 hours (Missing People, 2023-24)."
    ),
    "ui.trends.no_returns": "No returns from missing episodes in this period.",
    "ui.trends.export": "Export for the report",
    "ui.trends.csv": "Download the trend tables (CSV, small numbers hidden)",
    # The accessibility statement and the privacy notice (pages/accessibility.py, pages/privacy.py):
    # Markdown, whole.
    "ui.accessibility.statement": """
This statement applies to the {service}. We want as many people as possible to be able to use it.
You should be able to:

- use it on a phone 390 pixels wide or on a large screen, and zoom in up to 400% without the text
  spilling off the screen
- use every control with a keyboard alone, and always see which one has the keyboard's focus (yellow,
  with a black edge)
- fix a mistake from the error summary at the top of the page, whose links take you to each question;
  each question's hint and error are read out with its answers
- hear the result as soon as it appears or changes: the outcome is the result page's main heading, the
  page starts there, and a screen reader reads out a new outcome after you record your judgement
- read every result in words and symbols, never colour alone; the symbols are decoration, so screen
  readers read the words only
- read the tables the tool draws itself (the rules, the record details, the panel list) without scrolling
  sideways: on a narrow screen each row is shown as a block, each value under its heading, and screen
  readers still read a table

## How accessible this tool is

Some parts are not fully accessible: see "Non-accessible content" below.

## Compliance status

This tool is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA standard,
because of the non-compliances listed below.

## Non-accessible content

### Non-compliance with the accessibility regulations

- Some tables drawn by the tool's framework can scroll sideways on a narrow screen: the changes table
  on the Training page, the missing episodes on a case, and the register's audit trail (WCAG 1.4.10
  Reflow). The same facts are in the record or the export.
- The result chart is a picture (WCAG 1.1.1 Non-text content). The same figures are given in words and in
  a table beside it.
- Downloaded PDF records are not tagged for screen readers (WCAG 1.3.1 Info and relationships). The
  Markdown record holds the same information as plain text.
- Single-choice questions are not an HTML fieldset with a legend (WCAG 1.3.1): the tool's framework draws
  them as an ARIA radio group. The group is named by the question as it is shown and described by the
  question's hint and any error, so screen readers announce the question, its hint and its answers
  together, as they would a fieldset. Tick-box questions are an ARIA group named the same way.

## How we tested this tool

Every page is checked on each change with automated accessibility tests (axe-core, WCAG 2.2 level A and
AA rules) in a real browser, at 390 and 1280 pixels wide, and with browser tests of the keyboard's focus,
each step's single main heading, and the hints and errors read with their field. The answers on each
question are at least 44 pixels tall, so they are easy to tap. The tool has not yet been audited by an
accessibility specialist.

## Preparation of this accessibility statement

This statement was prepared on 2 December 2026. It was last reviewed on 2 December 2026.

## Reporting a problem

If you find a problem not listed here, tell the team that runs this tool in your organisation (usually
whoever gave you its address). This tool is open source, so problems can also be reported to its
maintainers.

## Enforcement procedure

The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies
(Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018 (the "accessibility
regulations"). If you are not happy with how your organisation responds to your complaint, contact the
Equality Advisory and Support Service (EASS).
""",
    "ui.privacy.notice": """
This notice covers the {service} as it is installed by default. If your organisation has turned on
its case register (you sign in to use the tool), screenings you choose to save are also kept in the
register's database; ask the register's administrator what it keeps and for how long.

## What is never asked for or kept

- **Names.** The tool never asks for a child's, parent's or anyone else's name. Do not type names in the
  free-text boxes.
- **Usage tracking.** There is no analytics, no advertising and no usage statistics. The pages load nothing
  from the internet; they come only from the computer that runs the tool.

## What is kept while you answer, and where

- **Your answers**, the form and locality you chose, and any change you make to the outcome are kept in the
  memory of the computer that runs the tool, so that reloading the page loses nothing.
- They are **never written to disk** there, and never sent anywhere else. The one exception is your
  organisation's **case register**, when it is turned on: then your answers are also kept in the
  register's database, **encrypted** with a key that is not in the database and readable only when you
  are signed in to your own account, so that a reload finds them whichever of the organisation's servers
  answers. They are cleared there as below, and as soon as you save the screening to a case.
- They are found by a long random code in the page address (after `?draft=`) **together with a second
  code that only your browser holds**, in a cookie for this browser session (never in the address). The
  address alone opens nothing: not in another browser, and not after this browser is closed. On a shared
  computer, close the browser when you finish (with the register on, signing out clears your answers at
  once).
- So that the Start page can offer to continue, **the browser tab remembers that code** (not your
  answers) in its session storage until the tab is closed. Another tab does not see it.
- A number you typed that is not accepted (an age out of range) is kept the same way, only so it is
  still in its box after a reload; it is never used in a result or a record.
- They are **cleared** when you start a new screening, after {minutes} minutes without use, when you
  sign out of the register, and whenever the tool restarts.
- **Cookies.** The tool sets one cookie per screening (`dt_draft_` and the screening's code), holding only
  the second code above, for this browser session; it is how a reload finds your answers. With the
  register on, one more (`dt_signin`) keeps you signed in across a reload, for this browser session; and
  where your organisation runs two servers behind a proxy, the proxy sets `SRV`, which names the server
  only. No other cookie is set, except single sign-on's own when your organisation uses it.

## What you choose to keep

- **Records you download** (PDF, Markdown or JSON) are saved wherever you save them: on your device, or in
  your safeguarding system. Handle them as your organisation's safeguarding and data-protection policies
  say. The tool keeps no copy.
- **A record you upload** to resume is read in memory and kept only as answers, as above.
""",
    # The Rules page, for rules maintainers (pages/rules.py).
    "ui.rules.intro": (
        "What the tool asks, how it scores, and where each rule comes from. Thresholds are **local settings** "
        "kept by your safeguarding partnership, not a validated scale. To change them, see "
        "`docs/maintainers.md`."
    ),
    "ui.rules.form": "**{title}** · version {version} · content hash `{sha}` · file `{file}`\n\n{description}",
    "ui.rules.not_scored": "not scored",
    "ui.rules.weight": "{label} {weight}",
    "ui.rules.tab.sources": "Sources",
    "ui.rules.tab.questions": "Questions",
    "ui.rules.tab.red_flags": "Red flags",
    "ui.rules.tab.bands": "Bands",
    "ui.rules.tab.pathways": "Pathways",
    "ui.rules.tab.contacts": "Contacts",
    "ui.rules.column.id": "Id",
    "ui.rules.column.source": "Source",
    "ui.rules.column.link": "Link",
    "ui.rules.column.question": "Question",
    "ui.rules.column.scoring": "Scoring",
    "ui.rules.column.shown_if": "Shown if",
    "ui.rules.column.when": "When",
    "ui.rules.column.at_least": "At least",
    "ui.rules.column.adds_actions": "Adds actions",
    "ui.rules.column.shown_to_practitioner": "Shown to the practitioner",
    "ui.rules.column.level": "Level",
    "ui.rules.column.score_band": "Score band",
    "ui.rules.column.actions": "Actions",
    "ui.rules.column.review_after": "Review after",
    "ui.rules.column.meaning": "Meaning",
    "ui.rules.column.action": "Action",
    "ui.rules.column.what_to_do": "What to do",
    "ui.rules.column.contacts": "Contacts",
    "ui.rules.column.name": "Name",
    "ui.rules.column.phone_or_web": "Phone or web",
    "ui.rules.column.last_checked": "Last checked",
    "ui.rules.column.status": "Status",
    "ui.rules.question": "{text} ({id}, {kind})",
    "ui.rules.graded": "graded {strength}",
    "ui.rules.always": "always",
    "ui.rules.red_flags": "Red flags act outside the score: each sets a minimum outcome that no score can lower.",
    "ui.rules.red_flags_only": "red flags only",
    "ui.rules.days": "{days} days",
    "ui.rules.insufficient": (
        "'Insufficient information' is flagged when {share:.0%} or more of the scored questions shown are "
        "'not sure' or unanswered."
    ),
    "ui.rules.recency": (
        "When signs were seen: {window} A sign asked with its timing scores {current} if recent only, "
        "{earlier} if earlier only, {both} if both."
    ),
    "ui.rules.locality": "Locality",
    "ui.rules.local_settings": (
        "**Local settings on this form** (`{file}`, content hash `{sha}`; source: {source}):\n\n"
    ),
    "ui.rules.regional_settings": "**{locality}** uses this form's regional settings as published.",
    "ui.rules.stale": (
        "**{n} contact(s) not checked in the last 12 months.** Check them before relying on them: {names}"
    ),
    "ui.rules.fictional": "Fictional: never call it",
    "ui.rules.not_checked": "Not checked in 12 months",
    "ui.rules.checked": "Checked",
    # The Training page: fictional scenarios, "what if", and the threshold sandbox (pages/training.py).
    "ui.training.intro": (
        "Fictional scenarios for workshops. Nothing you change here is saved or seen by anyone else."
    ),
    "ui.training.present": "Presentation view (wide, large text for a projector)",
    "ui.training.tab.scenario": "Scenario",
    "ui.training.tab.sandbox": "Threshold sandbox",
    "ui.training.column.scenario": "Scenario",
    "ui.training.column.published": "Published",
    "ui.training.column.sandbox": "Sandbox",
    "ui.training.column.changed": "Changed",
    "ui.training.column.expected": "Expected",
    "ui.training.column.why": "Why",
    "ui.training.changed": "Changed",
    "ui.training.what_if": "What if…?",
    "ui.training.what_if_intro": "Change any answer and watch the level, the score and the chart move.",
    "ui.training.reset": "Reset the answers",
    "ui.training.change_in": "Change the answers in",
    "ui.training.original_score": "Original · score {score}",
    "ui.training.what_if_score": "What if · score {score} ({change:+d})",
    "ui.training.not_answered": "not answered",
    "ui.training.changed_from": "**Changed from the scenario**\n\n",
    "ui.training.level_moves": "The level moves from **{was}** to **{now}**.",
    "ui.training.no_changes": "No answers changed yet.",
    "ui.training.scenario": "Scenario",
    "ui.training.previous": "Previous scenario",
    "ui.training.position": "Scenario {n} of {total}",
    "ui.training.next": "Next scenario",
    "ui.training.local_settings": " With the local settings of {locality}.",
    "ui.training.form": "Form: {form}.{local} Every child in these scenarios is fictional.",
    "ui.training.show_next": "Show the next answers",
    "ui.training.show_every": "Show every answer",
    "ui.training.jump": "Jump to the result",
    "ui.training.others_no": "Every other question is answered 'No'.",
    "ui.training.discuss": "What would you do? Discuss, then reveal the outcome.",
    "ui.training.reveal": "Reveal the outcome",
    "ui.training.guidance_expects": "**What guidance expects:** {why} ({source})",
    "ui.training.sandbox_intro": (
        "Move the score bands and weights **for this session only** and compare every scenario's outcome "
        "under the published rules and under yours. Nothing is saved, and nobody else is affected."
    ),
    "ui.training.bands": "**Score bands** (lowest score in each band)",
    "ui.training.weights": "**Weights** (points for each answer)",
    "ui.training.weight.text": "Question",
    "ui.training.weight.answer": "Answer",
    "ui.training.weight.points": "Points",
    "ui.training.points_help": "Points for this answer: edit",
    "ui.training.not_valid": "**These settings do not make a valid rule set**\n\n",
    "ui.training.n_changed": "**{n} of {total} scenarios change level** under your settings.",
}
