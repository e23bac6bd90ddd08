"""The `zhaoshang` command: Django's manage.py with our settings."""
import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    from django.core.management import execute_from_command_line

    from zhaoshang.core import requestctx

    # One id for the whole run: every change record one command writes shares it.
    with requestctx.working_as(requestctx.new_id("cli-")):
        execute_from_command_line(argv or sys.argv)


if __name__ == "__main__":
    main()
