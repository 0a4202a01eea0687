// Keeps the run page's counters and progress bar current while the run is active, then reloads
// once so the finished run's log is shown. Uses the page's session token; no cookies.
(function () {
  "use strict";
  const section = document.getElementById("run");
  if (!section) return;
  const field = name => section.querySelector(`[data-field="${name}"]`);
  const bar = field("bar");
  // Our CSP forbids inline style attributes, so the server's figure is applied from here.
  if (bar.dataset.done) bar.style.setProperty("--done", bar.dataset.done + "%");
  else bar.classList.add("indeterminate");
  if (section.dataset.active !== "true") return;
  const number = n => n.toLocaleString("en-US");
  // An admin who clicks away as the run finishes must land where they clicked: a reload
  // started after their navigation would cancel it and put them back on this page.
  let leaving = false;
  window.addEventListener("beforeunload", () => { leaving = true; });

  async function poll() {
    let response;
    try {
      response = await window.connector.fetch(`/api/runs/${section.dataset.runId}`);
    } catch {
      response = null;
    }
    if (!response || !response.ok) {
      // Say so rather than show frozen counters; the run goes on on the server either way.
      pollProblem(response ? `the server answered ${response.status}` : "the server could not be reached");
      return setTimeout(poll, 3000);
    }
    pollProblem(null);
    const run = await response.json();
    for (const name of ["read", "created", "updated", "unchanged", "skipped", "failed"]) field(name).textContent = number(run[name]);
    field("status").textContent = run.status;
    field("summary").textContent = run.summary;
    field("failed-counter").classList.toggle("counter-alarm", run.failed > 0);
    bar.parentElement.setAttribute("aria-valuetext", run.summary);
    if (run.percent !== null) {
      bar.style.setProperty("--done", run.percent + "%");
      bar.parentElement.setAttribute("aria-valuenow", run.percent);
    } else bar.classList.add("indeterminate");
    if (run.active) return setTimeout(poll, 1000);
    bar.classList.remove("indeterminate");
    bar.className = `bar-${run.bar}`;
    bar.style.setProperty("--done", "100%");
    bar.parentElement.setAttribute("aria-valuenow", 100);
    setTimeout(() => { if (!leaving) location.replace(window.connector.url(location.href)); }, 600);
  }
  function pollProblem(reason) {
    const note = field("poll-problem");
    note.hidden = reason === null;
    if (reason !== null) note.textContent = `Progress is not updating (${reason}); the import goes on, and this page tries again every few seconds.`;
  }
  setTimeout(poll, 500);
})();
