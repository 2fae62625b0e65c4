
// The drawing pad (helpers/widgets/drawing.py): a canvas to draw on with a mouse, a pen
// or a finger; each stroke is shrunk to SENT x SENT and sent to Python as `pixels`.
// Python may also put a digit on the pad (`shown`, e.g. a test digit chosen by number).
const SIZE = 280, SENT = 56, STROKE = 22;

export default {
  render({ model, el }) {
    let clearPad = null;
    const parts = mountScene(model, el, (side) => {
      const pad = document.createElement("canvas");
      pad.width = SIZE; pad.height = SIZE;
      pad.className = "course-digit-canvas";
      pad.setAttribute("role", "img");
      pad.setAttribute("aria-label", "Drawing pad: draw a digit with the mouse, or put a test digit on it with the controls below");
      pad.style.cssText = "border:2px solid #2e4057;border-radius:6px;background:#fff;touch-action:none;cursor:crosshair";
      const ctx = pad.getContext("2d");
      const pen = () => { ctx.lineWidth = STROKE; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#000"; };
      pen();
      side.prepend(pad);
      const send = () => {
        const small = document.createElement("canvas");
        small.width = SENT; small.height = SENT;
        const s = small.getContext("2d");
        s.imageSmoothingEnabled = true; s.imageSmoothingQuality = "high";
        s.drawImage(pad, 0, 0, SENT, SENT);
        const rgba = s.getImageData(0, 0, SENT, SENT).data;
        model.set("pixels", Array.from({ length: SENT * SENT }, (_, i) => rgba[4 * i + 3]));
        model.save_changes();
      };
      let drawing = false, last = null, timer = null;
      const at = (e) => { const r = pad.getBoundingClientRect(); return [(e.clientX - r.left) * SIZE / r.width, (e.clientY - r.top) * SIZE / r.height]; };
      pad.addEventListener("pointerdown", (e) => {
        drawing = true; last = at(e); pad.setPointerCapture(e.pointerId);
        ctx.beginPath(); ctx.moveTo(last[0], last[1]); ctx.lineTo(last[0] + 0.01, last[1]); ctx.stroke();
      });
      pad.addEventListener("pointermove", (e) => {
        if (!drawing) return;
        const p = at(e);
        ctx.beginPath(); ctx.moveTo(last[0], last[1]); ctx.lineTo(p[0], p[1]); ctx.stroke();
        last = p;
        if (timer === null) timer = setTimeout(() => { timer = null; send(); }, 150);
      });
      const stop = () => { if (drawing) { drawing = false; send(); } };
      pad.addEventListener("pointerup", stop);
      pad.addEventListener("pointercancel", stop);
      const put = () => {                           // ink from Python: the pad shows what is classified
        const ink = model.get("shown");
        ctx.clearRect(0, 0, SIZE, SIZE);
        if (!ink.length) return;
        const img = ctx.createImageData(SENT, SENT);
        ink.forEach((v, i) => { img.data[4 * i + 3] = v; });
        const small = document.createElement("canvas");
        small.width = SENT; small.height = SENT;
        small.getContext("2d").putImageData(img, 0, 0);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(small, 0, 0, SIZE, SIZE);
        pen();
      };
      model.on("change:shown", put);
      clearPad = () => ctx.clearRect(0, 0, SIZE, SIZE);
    });
    parts.controls.querySelector('[data-name="clear"] button').addEventListener("click", clearPad);
  },
};
