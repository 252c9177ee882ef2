// One plotly chart that stays mounted: each Streamlit rerun sends the figure as JSON and
// Plotly.react updates the same div in place (no new iframe, no new plot).
// Speaks Streamlit's components v1 protocol directly (postMessage), so no npm build.
(() => {
  const plot = document.getElementById("chart");
  const summary = document.getElementById("summary");
  let drawnSpec = null;
  let drawnHeight = 0;

  const send = (type, fields) =>
    window.parent.postMessage({isStreamlitMessage: true, type, ...fields}, "*");

  const setHeight = (height) => {
    if (height !== drawnHeight) {
      drawnHeight = height;
      send("streamlit:setFrameHeight", {height});
    }
  };

  window.addEventListener("message", (event) => {
    const message = event.data;
    if (!message || message.type !== "streamlit:render") return;
    const {figure, label, config} = message.args;
    const spec = JSON.stringify(figure);
    if (spec === drawnSpec) return;  // same figure as drawn: nothing to do
    drawnSpec = spec;
    if (figure.layout.template === "default") figure.layout.template = window.DEFAULT_TEMPLATE;
    plot.setAttribute("aria-label", label);
    summary.textContent = label;
    // Reserve the figure's height before drawing, so the page does not jump.
    setHeight(figure.layout.height || plot.offsetHeight);
    Plotly.react(plot, figure.data, figure.layout, {responsive: true, ...config})
      .then(() => setHeight(Math.ceil(document.documentElement.scrollHeight)));
  });

  send("streamlit:componentReady", {apiVersion: 1});
})();
