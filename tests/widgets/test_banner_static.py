"""The process banner is shown by every renderer: an executed notebook stores it as HTML, not as a widget."""
import nbformat
import pytest
from nbclient import NotebookClient


@pytest.fixture(scope="module")
def banner_output(tmp_path_factory):
    folder = tmp_path_factory.mktemp("banner")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from paynecrm_kernel.widgets import process_banner\nprocess_banner('channels')")])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    # the kernel runs this interpreter (jupyter_client replaces the spec's "python" by sys.executable)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    (output,) = notebook.cells[0].outputs
    return output


def test_the_banner_is_stored_as_html_with_its_classes(banner_output):
    assert banner_output["output_type"] == "execute_result"
    page = banner_output["data"]["text/html"]
    assert page.startswith("<div class='pcrm-banner pcrm-banner-channels'>")
    assert "Multichannel integration" in page and "After Payne &amp; Frow (2005)" in page


def test_the_banner_is_not_a_widget(banner_output):
    assert "application/vnd.jupyter.widget-view+json" not in banner_output["data"]
    text = banner_output["data"]["text/plain"]
    assert not text.startswith("HTML(") and "value=" not in text
    assert text.startswith("Multichannel integration: ")
