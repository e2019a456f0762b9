"""python -m bench [--quick] [--only rpc,http,...]   (make bench)
python -m bench coworking|support|user_search|rpc   one of the older standalone benchmarks alone"""
import argparse
import importlib
import sys
from pathlib import Path

from bench import harness

#: the standalone benchmarks, each runnable alone (the harness folds the growth ones in)
BENCHMARKS = {"user_search": "bench.user_search", "rpc": "bench.rpc_roundtrip", "coworking": "bench.coworking_tickets",
              "support": "bench.support_tickets"}


def main(argv):
    if argv and all(name in BENCHMARKS for name in argv):
        for name in argv:
            importlib.import_module(BENCHMARKS[name]).run()
        return 0
    parser = argparse.ArgumentParser(prog="python -m bench", description="Start the production shape, run every"
                                     " benchmark beside its raw baseline, write bench/results/report.md and .json")
    parser.add_argument("--quick", action="store_true", help="a pre-commit look: fewer runs, shorter, 10³/10⁴ rows")
    parser.add_argument("--only", default=",".join(harness.SECTIONS),
                        help="sections, comma-separated: " + ",".join(harness.SECTIONS))
    parser.add_argument("--results", type=Path, default=harness.RESULTS,
                        help="where report.md and report.json go (default bench/results)")
    args = parser.parse_args(argv)
    only = tuple(s for s in args.only.split(",") if s)
    unknown = set(only) - set(harness.SECTIONS)
    if unknown:
        parser.error("unknown sections: " + ", ".join(sorted(unknown)))
    return harness.main(quick=args.quick, only=only, results=args.results)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
