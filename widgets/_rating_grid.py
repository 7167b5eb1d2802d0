"""A form of offers to rate from 0 to 10: one widget for the whole form.

Built of ipywidgets, a form of 18 offers takes 54 widgets (a slider, a label and a row each), every one of
which the kernel, the server and the browser handle separately when the page opens. :class:`RatingGrid` draws
the same rows (native range inputs) from two lists: the offers and the ratings given so far.
"""
import anywidget
import traitlets

from ..theme import PROCESS_COLOURS


class RatingGrid(anywidget.AnyWidget):
    """Rows of ``Offer <id>``, a 0-10 slider, its value and the offer's description.

    ``values`` holds the ratings the participant has moved (``{"3": 7}``); an untouched offer shows
    ``default``. Setting ``values`` from Python moves the sliders.
    """

    _esm = """
    function render({ model, el }) {
      el.classList.add("pcrm-rating-grid");
      function draw() {
        const values = model.get("values");
        el.replaceChildren(...model.get("profiles").map((profile) => {
          const row = document.createElement("div");
          row.className = "pcrm-rating-row";
          row.style.cssText = "display:grid;grid-template-columns:64px 160px 24px 1fr;gap:8px;" +
                              "align-items:center;margin:3px 0";
          const name = document.createElement("span");
          name.textContent = "Offer " + profile.id;
          const input = document.createElement("input");
          Object.assign(input, { type: "range", min: 0, max: 10, step: 1,
                                 className: "pcrm-rating-input" });
          input.value = values[profile.id] ?? model.get("default");
          input.dataset.profile = profile.id;
          input.style.accentColor = model.get("colour");
          input.setAttribute("aria-label", "Offer " + profile.id + ": " + profile.text);
          const shown = document.createElement("b");
          shown.textContent = input.value;
          input.addEventListener("input", () => { shown.textContent = input.value; });
          input.addEventListener("change", () => {
            model.set("values", { ...model.get("values"), [profile.id]: Number(input.value) });
            model.save_changes();
          });
          const text = document.createElement("span");
          text.style.fontSize = "13px";
          text.textContent = profile.text;
          row.append(name, input, shown, text);
          return row;
        }));
      }
      function follow() {
        const values = model.get("values");
        for (const input of el.querySelectorAll("input.pcrm-rating-input")) {
          const value = values[input.dataset.profile] ?? model.get("default");
          if (Number(input.value) !== value) {
            input.value = value;
            input.nextElementSibling.textContent = value;
          }
        }
      }
      draw();
      model.on("change:profiles", draw);
      model.on("change:values", follow);
      return () => { model.off("change:profiles", draw); model.off("change:values", follow); };
    }
    export default { render };
    """
    #: The offers, in order: ``[{"id": "1", "text": "price: $999, delivery: 1 week"}, ...]``.
    profiles = traitlets.List(traitlets.Dict()).tag(sync=True)
    #: Ratings moved so far, by offer id.
    values = traitlets.Dict().tag(sync=True)
    #: What an untouched slider shows.
    default = traitlets.Int(5).tag(sync=True)
    #: Colour of the sliders (CSS).
    colour = traitlets.Unicode(PROCESS_COLOURS["value"]).tag(sync=True)
