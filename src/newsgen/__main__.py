"""`newsgen` and `python -m newsgen`: the command line is imported inside the guard, so that Ctrl-C at
any moment, even while the libraries load, ends with one line instead of a traceback."""

import sys


def run() -> None:
    try:
        from .cli import main

        main()
    except KeyboardInterrupt:
        sys.stderr.write("newsgen: interrupted, nothing was written\n")
        sys.exit(130)


if __name__ == "__main__":
    run()
