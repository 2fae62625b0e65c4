"""helpers.playground_ui: the playground widget as a module-level class, driven from code
as a student drives it (a button's .click(), a control's .value)."""
import asyncio
import io

import ipywidgets
import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import playground_ui
from helpers.playground import PlaygroundError
from helpers.playground_ui import playground


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _pixels(png):
    return plt.imread(io.BytesIO(png), format="png")


def test_the_widget_is_a_vbox_of_its_public_type():
    ui = playground(dataset="xor")
    assert type(ui) is playground_ui.PlaygroundUI and isinstance(ui, ipywidgets.VBox)
    # the text the stored notebook (09a) shows for the widget
    assert repr(ui).startswith("PlaygroundWidget(children=(HBox(children=(Button(button_style='success', "
                               "description='start', icon='play'")
    assert "course-playground" in ui._dom_classes


def test_step_button_advances_the_epoch_and_the_pictures():
    ui = playground(dataset="xor")
    image, maps, points = ui.image.value, ui.maps_image.value, len(ui.loss_view.train.get_xdata())
    for n in (1, 2, 3):
        ui.step_button.click()
        assert ui.pg.epoch == n and f"epoch {n}<" in ui.epoch_label.value
        assert ui.pg.history["epoch"][-1] == n
    assert len(ui.loss_view.train.get_xdata()) == points + 3        # the loss curve got three points
    assert not np.array_equal(_pixels(ui.image.value), _pixels(image))
    assert not np.array_equal(_pixels(ui.maps_image.value), _pixels(maps))


def test_reset_and_export_buttons():
    ui = playground(dataset="xor")
    ui.step(2)
    ui.export_button.click()
    assert ui.code.layout.display is None and "nn.Linear" in ui.code.value
    ui.reset_button.click()
    assert ui.pg.epoch == 0 and "epoch 0<" in ui.epoch_label.value and ui.code.layout.display == "none"


def test_play_button_starts_and_pauses_on_the_event_loop():
    ui = playground()

    async def press_twice():
        ui.play_button.click()                       # start: a task on the running loop
        assert ui.running and ui.play_button.description == "pause"
        await asyncio.sleep(0.05)
        ui.play_button.click()                       # pause
        await ui._task
    asyncio.run(press_twice())
    assert not ui.running and ui.play_button.description == "start" and ui.pg.epoch > 0
    assert f"epoch {ui.pg.epoch}<" in ui.epoch_label.value


def test_a_refused_change_keeps_the_run_and_says_why(monkeypatch):
    ui = playground()
    ui.step(2)
    settings = ui.pg.settings

    def refuse(**changes):
        raise PlaygroundError("not like this")
    monkeypatch.setattr(ui.pg, "update", refuse)
    ui.noise.value = 0.3
    assert "⚠️ not like this" in ui.message.value
    assert ui.pg.settings == settings and ui.pg.epoch == 2
    ui.step()                                        # a redraw keeps the error on screen
    assert "not like this" in ui.message.value
    monkeypatch.undo()
    ui.noise.value = 0.2                             # an accepted change clears it
    assert ui.message.value == "" and ui.pg.settings.noise == 0.2


def test_no_method_of_the_widget_is_long():
    import inspect

    for name, member in vars(playground_ui.PlaygroundWidget).items():
        if inspect.isfunction(member):
            lines = inspect.getsource(member).splitlines()
            assert len(lines) <= 60, f"PlaygroundWidget.{name} has {len(lines)} lines"
