"""Charts drawn at build time as inline SVG: no JavaScript, no request outside the page."""
from .heatmap import risk_heatmap
from .orgchart import org_chart
from .scurve import evm_scurve
from .timeline import milestone_timeline
from .trend import issue_trend

__all__ = ["evm_scurve", "issue_trend", "milestone_timeline", "org_chart", "risk_heatmap"]
