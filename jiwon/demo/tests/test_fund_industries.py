from jiwon.demo.programs import fund_ksic_codes
from jiwon.loans.industries import INDUSTRIES_2017


def test_the_demo_takes_its_fund_notice_codes_from_the_loans_list():
    assert fund_ksic_codes() == list(INDUSTRIES_2017)
    assert fund_ksic_codes(2016) != fund_ksic_codes(2017)
