"""Planned and actual effort (要員計画) of one project member, month by month."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import Field, StringConstraints, model_validator

from pmo_handbook.errors import Message
from pmo_handbook.i18n.messages import RuleError, date_order
from pmo_handbook.model.common import Line, Model

Month = Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
"""A calendar month, YYYY-MM: the unit of the 要員計画表."""
Effort = Annotated[float, Field(ge=0, le=5, description="人月 (person-months) in one month.")]


class Allocation(Model):
    """Planned 人月 per month for one member of one project: a range of months with one value,
    or a single month (a month-by-month plan is a list of single months)."""

    month: Month | None = Field(None, description="One month (instead of from/to).")
    from_: Month | None = Field(None, alias="from", description="First month of a range.")
    to: Month | None = Field(None, description="Last month of a range (inclusive).")
    effort: Effort
    phase: Line | None = Field(None, description="Phase this effort belongs to, for plan against actual.")

    model_config = Model.model_config | {"populate_by_name": True}

    @model_validator(mode="after")
    def _range(self) -> Self:
        if (self.month is None) == (self.from_ is None):
            raise RuleError(Message.of("month_or_range"), at="month")
        if self.month is not None and self.to is not None:
            raise RuleError(Message.of("to_with_month"), at="to")
        if self.from_ and self.to and self.to < self.from_:
            raise RuleError(date_order("allocation", "to", self.to, "from", self.from_), at="to")
        return self

    @property
    def first(self) -> str:
        return self.month or self.from_ or ""

    @property
    def last(self) -> str:
        return self.month or self.to or self.from_ or ""
