"""Staff work's list filters, one module an area: page, API and export share them."""
