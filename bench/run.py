"""`make bench`: every benchmark in one run, printing figures and ratios against their goals."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_engine  # noqa: E402

bench_engine.main()
print()
import bench_panel  # noqa: E402

bench_panel.main()
print()
import bench_region_panel  # noqa: E402

bench_region_panel.main()
print()
import bench_consistency  # noqa: E402

bench_consistency.main()
print()
try:
    import bench_app  # noqa: E402
except ImportError as exc:  # playwright is a test dependency; make bench installs it
    print(f"app benchmarks skipped: {exc}")
else:
    from tests.browser.server import chromium_available  # noqa: E402

    if chromium_available():
        bench_app.main()
        print()
        import bench_register_app  # noqa: E402 - needs the register's packages, installed by make install

        bench_register_app.main()
    else:
        print("app benchmarks skipped: no Chromium at /usr/bin/chromium (apt-get install chromium)")
print()
import bench_register  # noqa: E402

bench_register.main([])
print()
import bench_settings_impact  # noqa: E402

bench_settings_impact.main([])
print()
import bench_partnership  # noqa: E402 - skips itself, saying why, without haproxy or postgresql

bench_partnership.main([])
