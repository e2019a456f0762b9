"""``python -m scripts.demo [--base-url URL] [--today YYYY-MM-DD]``: load the demo data
through the gateway at URL, signed in as the bootstrap administrator
(``BOOTSTRAP_ADMIN_EMAIL`` / ``BOOTSTRAP_ADMIN_PASSWORD``, as ``make run`` sets them)."""
from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from kit import clock, config
from scripts.demo import billing, steps


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default=config.get("PUBLIC_BASE_URL"), help="the gateway")
    parser.add_argument("--today", type=date.fromisoformat, default=None,
                        help="the date the demo's bookings are placed from (default: today)")
    args = parser.parse_args(argv)
    # the system's time: the wall clock, or the test clock every service reads (TEST_CLOCK=1)
    now = clock.from_config(config.service_config("demo")).now()
    statement = Path(config.get("VAR_DIR")) / billing.STATEMENT_FILE
    users = steps.load(args.base_url, config.get("BOOTSTRAP_ADMIN_EMAIL", "admin@platform.local"),
                       config.get("BOOTSTRAP_ADMIN_PASSWORD", "admin-change-me"), today=args.today, now=now,
                       statement=statement)
    print("Demo data loaded: {} people, their payers, the catalog and orders of the manuals.".format(len(users)))
    if statement.exists():
        print("A bank statement paying the demo order invoice, to try an import as an administrator or a rental "
              "manager (POST /api/v1/billing/bank-statements): {}".format(statement))
    return 0


if __name__ == "__main__":
    sys.exit(main())
