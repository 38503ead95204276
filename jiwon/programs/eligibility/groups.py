"""The target groups (지원 대상) of the notice board, as the predicate kinds name them
(targets.py derives a rule's groups)."""

YOUTH = "youth"
MIDDLE_AGED = "middle_aged"
PREFOUNDER = "prefounder"
STARTUP = "startup"
WOMEN = "women"
DISABLED = "disabled"
SOCIAL = "social"
SMALL_MANUFACTURER = "small_manufacturer"

TARGET_GROUPS = (
    YOUTH,
    MIDDLE_AGED,
    PREFOUNDER,
    STARTUP,
    WOMEN,
    DISABLED,
    SOCIAL,
    SMALL_MANUFACTURER,
)
