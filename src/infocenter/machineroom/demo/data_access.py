"""Data-access demo data at 江岸花园 (MR-11): a request from 区公安分局 waiting for 周明, and an
earlier request from the street office, approved in part and provided."""

import datetime as dt

from ..services import data_access


def load(site, head, maintainer, today) -> None:
    data_access.request_data_access(
        maintainer,
        site=site,
        organisation="区公安分局",
        applicant="李警官",
        phone="023-67700110",
        purpose="调查 3 栋地下车库电动车被盗案",
        items=["11 月 20 日 20:00–24:00 3 栋地下车库监控录像", "11 月 20 日 3 栋门禁刷卡记录"],
    )
    earlier = data_access.request_data_access(
        maintainer,
        site=site,
        organisation="江岸街道办事处",
        applicant="陈主任",
        phone="023-67881234",
        purpose="核对小区人口登记",
        items=["5 栋住户名册", "5 栋业主联系电话", "5 栋近一年报修记录"],
        received_on=today - dt.timedelta(days=35),
    )
    earlier = data_access.approve_data_request(
        head,
        earlier,
        version=earlier.version,
        approved_items=[1, 3],
        note="联系电话属个人信息，不予提供",
    )
    data_access.fulfil_data_request(
        maintainer,
        earlier,
        version=earlier.version,
        handed_to="陈主任",
        provided=[
            {"position": 1, "form": "view", "extent": "4 页，仅现场查看"},
            {"position": 3, "form": "printout", "extent": "3 页，18 条记录"},
        ],
        note="由吴磊代为查阅，现场核对后收回名册",
    )
