"""``python -m accord``: the ``accord`` command, for installs without the script on the PATH."""

from accord.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    main()
