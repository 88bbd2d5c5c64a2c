"""Enumerations that the command line offers as choices, kept apart from the models so that
`dondoc --help` lists them without loading SQLAlchemy (bot/db/models.py stores them)."""

from __future__ import annotations

import enum


class AgencyKind(enum.StrEnum):
    DEPARTMENT = "department"  # Sở …, Văn phòng UBND tỉnh, Thanh tra tỉnh
    BOARD = "board"  # Ban Quản lý …
    COMMITTEE = "committee"  # UBND tỉnh, UBND huyện/xã/thành phố
    CENTRAL_BRANCH = "central_branch"  # Công an tỉnh, Cục Thuế, Kho bạc …
    ORGANISATION = "organisation"  # MTTQ, Tỉnh Đoàn, Hội …
    MEDIA = "media"  # Báo, Đài Phát thanh - Truyền hình
    EDUCATION = "education"  # universities, colleges
    ENTERPRISE = "enterprise"
    OTHER = "other"
    GROUP = "group"  # generic: "các Sở, ban, ngành liên quan" – never an agency of its own
