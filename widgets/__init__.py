"""Interactive ipywidgets tools of the workbook (installed as ``paynecrm_kernel.widgets``)."""
