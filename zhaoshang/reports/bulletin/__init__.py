"""季度通报: the county's quarterly bulletin (being split into modules)."""
from .pdf import (bulletin_as_of, bulletin_data, bulletin_pdf, bulletin_title, bulletin_xlsx, quarter_bounds,
                  quarter_name)

__all__ = ["bulletin_as_of", "bulletin_data", "bulletin_pdf", "bulletin_title", "bulletin_xlsx",
           "quarter_bounds", "quarter_name"]
