"""Seeds the database of a production stack under test (tests/browser/test_production_stack.py):
a company member and an open programme. Run in the stack's environment, after `migrate`:

    python -m tests.browser.production_seed USERNAME TITLE
"""

import sys

import django


def main(username: str, title: str) -> None:
    django.setup()
    from jiwon.applications.tests.factories import open_program
    from jiwon.companies.tests.factories import CompanyFactory, member_of

    open_program(series="blue100", title_ko=title)
    member_of(CompanyFactory(name_ko="주식회사 운영테크"), username=username)


if __name__ == "__main__":
    main(*sys.argv[1:3])
