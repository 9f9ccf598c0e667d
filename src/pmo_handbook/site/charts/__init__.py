"""Charts drawn at build time as inline SVG: no JavaScript, no request outside the page."""
from pmo_handbook.site.charts.gantt import gantt
from pmo_handbook.site.charts.heatmap import risk_heatmap
from pmo_handbook.site.charts.orgchart import org_chart
from pmo_handbook.site.charts.scurve import evm_scurve
from pmo_handbook.site.charts.sparkline import rag_sparkline
from pmo_handbook.site.charts.timeline import milestone_timeline
from pmo_handbook.site.charts.trend import issue_trend

__all__ = ["evm_scurve", "gantt", "issue_trend", "milestone_timeline", "org_chart", "rag_sparkline", "risk_heatmap"]
