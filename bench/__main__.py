"""python -m bench [name ...]"""
import importlib
import sys

BENCHMARKS = {"user_search": "bench.user_search", "rpc": "bench.rpc_roundtrip", "coworking": "bench.coworking_tickets",
              "support": "bench.support_tickets"}


def main(argv):
    for name in argv or list(BENCHMARKS):
        importlib.import_module(BENCHMARKS[name]).run()


if __name__ == "__main__":
    main(sys.argv[1:])
