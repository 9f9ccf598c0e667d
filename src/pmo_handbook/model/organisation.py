"""Organisation-wide settings (data/organisation.yml)."""
from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import RuleError
from pmo_handbook.model.common import Line, Model, Text


class RagThresholds(Model):
    """Limits that turn an area amber or red. Projects may override any of them."""

    schedule_amber_days: int = Field(5, ge=0, description="Milestone slip (days) that makes schedule amber.")
    schedule_red_days: int = Field(15, ge=0, description="Milestone slip (days) that makes schedule red.")
    overdue_amber: int = Field(1, ge=0, description="Overdue open issues that make quality/scope amber.")
    overdue_red: int = Field(5, ge=0, description="Overdue open issues that make it red.")
    spi_amber: float = Field(0.95, gt=0, description="SPI below this is amber.")
    spi_red: float = Field(0.85, gt=0, description="SPI below this is red.")
    cpi_amber: float = Field(0.95, gt=0, description="CPI below this is amber.")
    cpi_red: float = Field(0.85, gt=0, description="CPI below this is red.")
    risk_amber_score: int = Field(13, ge=1, le=25,
                                  description="An open risk at or above this score is amber.")
    risk_red_score: int = Field(20, ge=1, le=25, description="An open risk at or above this score is red.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        check_order(self)
        return self


class RagOverrides(Model):
    schedule_amber_days: int | None = Field(None, ge=0)
    schedule_red_days: int | None = Field(None, ge=0)
    overdue_amber: int | None = Field(None, ge=0)
    overdue_red: int | None = Field(None, ge=0)
    spi_amber: float | None = Field(None, gt=0)
    spi_red: float | None = Field(None, gt=0)
    cpi_amber: float | None = Field(None, gt=0)
    cpi_red: float | None = Field(None, gt=0)
    risk_amber_score: int | None = Field(None, ge=1, le=25)
    risk_red_score: int | None = Field(None, ge=1, le=25)


def check_order(t: RagThresholds | RagOverrides) -> None:
    """Amber must come before red: more slip/overdue/score, or a lower index, is worse."""
    for name in ("schedule_%s_days", "overdue_%s", "risk_%s_score"):
        amber, red = getattr(t, name % "amber"), getattr(t, name % "red")
        if amber is not None and red is not None and amber > red:
            raise _order("threshold_above", name, amber, red)
    for name in ("spi_%s", "cpi_%s"):
        amber, red = getattr(t, name % "amber"), getattr(t, name % "red")
        if amber is not None and red is not None and amber < red:
            raise _order("threshold_below", name, amber, red)


def _order(key: str, name: str, amber: object, red: object) -> RuleError:
    return RuleError(Message.of(key, amber_key=name % "amber", amber=amber, red_key=name % "red", red=red),
                     at=name % "amber")


def thresholds(org: RagThresholds | None, overrides: RagOverrides | None) -> RagThresholds:
    """The organisation's thresholds with a project's overrides laid over them."""
    base = org or RagThresholds()
    if overrides is None:
        return base
    return base.model_copy(update={k: v for k, v in overrides.model_dump().items() if v is not None})


class Organisation(Model):
    name: Line = Field(description="Organisation or PMO name shown in the site.")
    name_en: Line | None = None
    pmo_mission: Text | None = Field(None, description="What this PMO is for (Markdown).")
    contact: Line | None = Field(None, description="How to reach the PMO.")
    rag: RagThresholds = Field(default_factory=RagThresholds)
    reporting_cycle_days: int = Field(7, ge=1, le=366, description=(
        "Days between weekly reports: a project whose latest report ended longer ago than this "
        "is shown as not updated, and its reported status as stale."))
    person_days_per_month: float = Field(20, gt=0, le=31, description=(
        "人日 in one 人月: turns the WBS's actual effort (人日) into the 要員計画's 人月 "
        "(status/effort.py)."))
