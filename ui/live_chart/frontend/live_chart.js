// One plotly chart that stays mounted: each Streamlit rerun sends the figure's data as JSON
// bytes and Plotly.react updates the same div in place (no new iframe, no new plot).
// The layout and config ("frame") come once a session, with an id; later reruns send only the
// id, and the frame is kept in sessionStorage (shared by every chart of this tab, and kept
// when a chart is remounted). A frame that is not kept is asked for through the component's
// value, which reruns the script with it.
// Speaks Streamlit's components v1 protocol directly (postMessage), so no npm build.
(() => {
  const plot = document.getElementById("chart");
  const summary = document.getElementById("summary");
  const STORE = "live_chart_frame:";
  const FRAMES_KEPT = 64;
  const memory = new Map();  // this chart's frames, should storage be refused
  let drawn = null;
  let drawnHeight = 0;
  let asked = 0;

  const send = (type, fields) =>
    window.parent.postMessage({isStreamlitMessage: true, type, ...fields}, "*");

  const setHeight = (height) => {
    if (height !== drawnHeight) {
      drawnHeight = height;
      send("streamlit:setFrameHeight", {height});
    }
  };

  const keep = (id, frame) => {
    memory.set(id, frame);
    try {
      sessionStorage.setItem(STORE + id, frame);
      const ids = JSON.parse(sessionStorage.getItem(STORE) || "[]").filter((k) => k !== id);
      ids.push(id);
      while (ids.length > FRAMES_KEPT) sessionStorage.removeItem(STORE + ids.shift());
      sessionStorage.setItem(STORE, JSON.stringify(ids));
    } catch (error) { /* storage full or refused: the frame is asked for again if needed */ }
  };

  const kept = (id) => {
    try { return sessionStorage.getItem(STORE + id) ?? memory.get(id) ?? null; }
    catch (error) { return memory.get(id) ?? null; }
  };

  window.addEventListener("message", (event) => {
    const message = event.data;
    if (!message || message.type !== "streamlit:render") return;
    const text = new TextDecoder().decode(message.args.payload);
    if (text === drawn) return;  // same figure as drawn: nothing to do
    const {data, label, frameId, frame} = JSON.parse(text);
    if (frame) keep(frameId, JSON.stringify(frame));
    const frameText = frame ? null : kept(frameId);
    if (!frame && frameText === null) {  // lost: ask for it (the next rerun sends it)
      send("streamlit:setComponentValue", {value: {missing: frameId, n: ++asked},
                                           dataType: "json"});
      return;
    }
    drawn = text;
    const {layout, config} = frame || JSON.parse(frameText);
    if (layout.template === "default") layout.template = window.DEFAULT_TEMPLATE;
    plot.setAttribute("aria-label", label);
    summary.textContent = label;
    // Reserve the figure's height before drawing, so the page does not jump.
    setHeight(layout.height || plot.offsetHeight);
    Plotly.react(plot, data, layout, {responsive: true, ...config})
      .then(() => setHeight(Math.ceil(document.documentElement.scrollHeight)));
  });

  send("streamlit:componentReady", {apiVersion: 1});
})();
