"""Loan demo data at 江岸花园 (MR-13): a loan returned, an outsider's loan now overdue, and a loan
waiting for 周明, each entered at its own time."""

import datetime as dt

from django.utils import timezone

from ..services import loans
from .common import as_of


def load(site, head, keeper, zhangwei, majun, items) -> None:
    now = timezone.now()
    ask = loans.request_loan
    with as_of(now - dt.timedelta(days=10)):
        laptop = items[("笔记本电脑", "PF3ABC12")]
        loan = ask(
            keeper,
            site=site,
            lines=[(laptop, 1)],
            borrower=majun,
            purpose="消防演练现场记录",
            due_on=timezone.localdate() + dt.timedelta(days=3),
        )
        loan = loans.approve_loan(head, loan, version=loan.version, note="同意，演练结束即归还")
        loan = loans.hand_out_loan(keeper, loan, version=loan.version)
    with as_of(now - dt.timedelta(days=8)):
        loans.return_loan(keeper, loan, version=loan.version, note="完好，已清点充电器")
    with as_of(now - dt.timedelta(days=6)):
        meter = items[("光功率计", "JW3208-22071")]
        loan = ask(
            keeper,
            site=site,
            lines=[(meter, 1)],
            borrower_name="刘工",
            organisation="中国电信重庆分公司",
            phone="13996001234",
            purpose="光猫更换后测量入户光功率",
            due_on=timezone.localdate() + dt.timedelta(days=4),
        )
        loan = loans.approve_loan(head, loan, version=loan.version, note="同意，限期归还")
        loans.hand_out_loan(keeper, loan, version=loan.version)
    tester = items[("网络测试仪", "MS2-5106618")]
    ask(
        keeper,
        site=site,
        lines=[(tester, 1), (items[("千兆光模块", "SFP-GE-LX-SM1310")], 2)],
        borrower=zhangwei,
        purpose="3栋弱电间网络排障",
        due_on=timezone.localdate() + dt.timedelta(days=3),
    )
