"""``python -m govinfo_report`` runs the command-line tool."""

from govinfo_report.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
