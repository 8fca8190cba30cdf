"""Text-valued choices of the control-room registers (LOG-1…LOG-5, IT-5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class HandoverState(models.TextChoices):
    """LOG-1: a handover is handed over by the outgoing processor, then accepted by the incoming one."""

    HANDED_OVER = "handed_over", _("Handed over, awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")


class CallDirection(models.TextChoices):
    INCOMING = "in", _("Incoming")
    OUTGOING = "out", _("Outgoing")


class CallState(models.TextChoices):
    """LOG-2: an answered call, or a missed one waiting for its call-back."""

    ANSWERED = "answered", _("Answered")
    MISSED = "missed", _("Missed, to call back")
    CALLED_BACK = "called_back", _("Call returned")


class WhereaboutsStatus(models.TextChoices):
    """IT-5: where a staff member is, so the control room knows why a phone is not answered."""

    AT_DESK = "at_desk", _("At the desk")
    ON_SITE = "on_site", _("Elsewhere on site")
    OTHER_DEPARTMENT = "other_department", _("Busy in another department")
    MEETING = "meeting", _("In a meeting")
    OUT = "out", _("Out of the office")
    OFF_DUTY = "off_duty", _("Off duty")
    LEAVE = "leave", _("On leave")


class EntryKind(models.TextChoices):
    """LOG-3: the changes departments report to the information center (4.3.3 of the source)."""

    WATER_OUTAGE = "water_outage", _("Water outage")
    POWER_OUTAGE = "power_outage", _("Power outage")
    GAS_OUTAGE = "gas_outage", _("Gas outage")
    MAJOR_REPAIR = "major_repair", _("Major repair or overhaul")
    MEDIUM_REPAIR = "medium_repair", _("Medium repair")
    MINOR_REPAIR = "minor_repair", _("Minor repair")
    COMPLAINT_FOLLOW_UP = "complaint_follow_up", _("Major complaint follow-up")
    COMMUNITY_EVENT = "community_event", _("Community event")
    INTERNAL_NOTICE = "internal_notice", _("Internal management notice")


OUTAGES = (EntryKind.WATER_OUTAGE, EntryKind.POWER_OUTAGE, EntryKind.GAS_OUTAGE)


class ReportChannel(models.TextChoices):
    """LOG-3: how the department reported the change."""

    WRITTEN = "written", _("In writing")
    PHONE = "phone", _("By phone")
    INTERCOM = "intercom", _("By intercom")
    SYSTEM = "system", _("In the system")


class EntryState(models.TextChoices):
    ACTIVE = "active", _("Current or upcoming")
    ENDED = "ended", _("Ended")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class ContactCategory(models.TextChoices):
    """LOG-4: the numbers the control room must keep at hand (4.1.4 of the source). Owners and
    residents are the service desk's residents register, not a category here."""

    WATER_SUPPLIER = "water_supplier", _("Water supplier")
    POWER_SUPPLIER = "power_supplier", _("Power supplier")
    GAS_SUPPLIER = "gas_supplier", _("Gas supplier")
    POLICE = "police", _("Local police station")
    FLOOD_HQ = "flood_hq", _("Flood, typhoon and air-defence HQ (三防)")
    RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee")
    EQUIPMENT = "equipment", _("Equipment manufacturer or maintenance contractor")
    INTERNAL = "internal", _("Internal phone list")
    EMERGENCY = "emergency", _("Emergency number")
    OTHER = "other", _("Other")


class DocumentCategory(models.TextChoices):
    """LOG-5: the regulations and standards kept at hand (4.1.4 of the source)."""

    DECORATION = "decoration", _("Decoration management")
    CITY_SANITATION = "city_sanitation", _("City appearance and sanitation")
    PROPERTY_MANAGEMENT = "property_management", _("Property management regulations")
    OWNERS_COVENANT = "owners_covenant", _("Owners' provisional covenant")
    PARKING_FEES = "parking_fees", _("Parking fees")
    UTILITY_FEES = "utility_fees", _("Cable TV, water, power, gas and phone fees")
    RENTAL_HOUSING = "rental_housing", _("Rental housing rules")
    PUBLIC_SECURITY = "public_security", _("Public Security Administration Punishments Law")
    FIRE = "fire", _("Fire regulations")
    OTHER = "other", _("Other")
