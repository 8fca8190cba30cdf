"""Text-valued choices of the core app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """ORG-2: the roles named by the source documents."""

    BRANCH_GM = "branch_gm", _("Branch general manager")
    CS_MANAGER = "cs_manager", _("Customer-service manager")
    PROCESSOR = "processor", _("Information processor")
    CS_ASSISTANT = "cs_assistant", _("Customer-service assistant")
    DEPT_HEAD = "dept_head", _("Department head")
    DEPT_STAFF = "dept_staff", _("Department staff")
    DATA_MANAGER = "data_manager", _("Data manager")
    IC_HEAD = "ic_head", _("Information-center head")
    MR_MAINTAINER = "mr_maintainer", _("Machine-room maintainer")
    IT_STAFF = "it_staff", _("IT staff")
    AUDITOR = "auditor", _("Auditor")
    SYSADMIN = "sysadmin", _("System administrator")


class DepartmentLevel(models.TextChoices):
    """SD-11: a site's own department, or a branch's or the company's (at an office site)."""

    SITE = "site", _("Site department")
    BRANCH = "branch", _("Branch department")
    COMPANY = "company", _("Company department")


class OverrideKind(models.TextChoices):
    HOLIDAY = "holiday", _("Holiday (no work)")
    WORKDAY = "workday", _("Working day")


class DurationUnit(models.TextChoices):
    """How a time rule is counted (DESIGN rule 7)."""

    WALL_HOURS = "wall_hours", _("hours (wall clock)")
    WORKING_HOURS = "working_hours", _("working hours")
    WORKING_DAYS = "working_days", _("working days")


class DeadlineState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    WARNED = "warned", _("Warning sent")
    BREACHED = "breached", _("Breached")
    MET = "met", _("Met")
    CANCELLED = "cancelled", _("Cancelled")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app")
    EMAIL = "email", _("E-mail")
    WECOM = "wecom", _("WeCom robot")
    DINGTALK = "dingtalk", _("DingTalk robot")
    FEISHU = "feishu", _("Feishu robot")


class MessageState(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
