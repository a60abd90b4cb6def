/// The one stylesheet, embedded in every page (no external files, fonts or scripts).
///
/// Prose in a serif at a ~760px measure; headings, captions, tables and badges in the system sans;
/// figures up to 900px; booktabs-style tables with tabular numbers; verdict badges that carry an
/// icon and a word as well as a color; a print stylesheet.
enum ReportStyle {
    static let css = """
    :root {
      --text: #1f2328; --muted: #57606a; --faint: #8c959f; --rule: #d0d7de; --soft: #f6f8fa;
      --link: #0a58a8; --measure: 760px; --wide: 900px;
      --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, "Iowan Old Style", Georgia, "Liberation Serif", "DejaVu Serif", serif;
      --sans: -apple-system, BlinkMacSystemFont, "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", Roboto, system-ui, sans-serif;
      --mono: ui-monospace, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
      --ok: #1a7f37; --ok-bg: #dafbe1; --ok-fg: #0f5323;
      --bad: #cf222e; --bad-bg: #ffebe9; --bad-fg: #86061d;
      --maybe: #bf8700; --maybe-bg: #fff8c5; --maybe-fg: #6b4600;
    }
    *, *::before, *::after { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0; background: #fff; color: var(--text); font: 18px/1.6 var(--serif);
      font-kerning: normal; text-rendering: optimizeLegibility; }
    .page { max-width: var(--wide); margin: 0 auto; padding: 56px 24px 72px; }
    .page > * { max-width: var(--measure); margin-left: auto; margin-right: auto; }
    .page > figure { max-width: var(--wide); }
    /* An inline figure may use the window beyond the column (centred on it), so a wide one is
       shown large enough for its text; no transform, which would trap the enlarged view. */
    .page > figure:has(> .plot) { --w: min(1200px, calc(100vw - 40px)); width: var(--w); max-width: none;
      margin-left: calc((100% - var(--w)) / 2); margin-right: 0; }
    a { color: var(--link); text-decoration-thickness: 1px; text-underline-offset: 2px; }
    h1, h2, h3, h4, h5, h6 { font-family: var(--sans); line-height: 1.25; color: var(--text); }
    h2 { font-size: 1.45rem; margin: 2.2em 0 .6em; padding-bottom: .25em; border-bottom: 1px solid var(--rule); }
    h3 { font-size: 1.15rem; margin: 1.8em 0 .5em; }
    h4, h5, h6 { font-size: 1rem; margin: 1.5em 0 .4em; }
    p, ul, ol, blockquote { margin: 0 0 1em; }
    li { margin: .2em 0; }
    blockquote { border-left: 3px solid var(--rule); padding-left: 1em; margin-left: 0; color: var(--muted); }
    hr { border: 0; border-top: 1px solid var(--rule); margin: 2em 0; }
    code { font-family: var(--mono); font-size: .84em; background: var(--soft); padding: .1em .35em; border-radius: 4px; }
    pre { font: 13px/1.5 var(--mono); background: var(--soft); border: 1px solid #e3e7eb; border-radius: 6px;
      padding: .8em 1em; overflow: auto; max-height: 32em; tab-size: 2; }
    pre code { background: none; padding: 0; font-size: inherit; }
    .prose img { max-width: 100%; height: auto; }
    /* A wide table in prose scrolls sideways on a narrow screen rather than being clipped. */
    .prose table { display: block; width: fit-content; max-width: 100%; overflow-x: auto; margin: 1.2em auto; font: 14.5px/1.45 var(--sans); border-top: 2px solid var(--text); border-bottom: 2px solid var(--text); }
    .prose th, .prose td { padding: .35em .8em; }
    .prose thead th { border-bottom: 1px solid var(--text); }
    .external-link .url { font: .78em var(--mono); color: var(--muted); word-break: break-all; }
    .removed-image { color: var(--muted); font-style: italic; }

    /* Title block and contents */
    .report-header { margin-bottom: 2em; }
    .report-header h1 { font-size: 2.3rem; letter-spacing: -.015em; margin: 0 0 .35em; }
    .question { font-size: 1.22rem; font-style: italic; color: var(--muted); margin: 0 0 .8em; }
    .byline { font: 14px/1.5 var(--sans); color: var(--muted); margin: 0; }
    .byline code { font-size: .92em; }
    nav.toc { font: 14.5px/1.5 var(--sans); border-left: 3px solid var(--rule); padding: .2em 0 .2em 1em; margin-bottom: 2.5em; }
    nav.toc .toc-title { font-weight: 600; text-transform: uppercase; letter-spacing: .06em; font-size: 12px; color: var(--muted); margin: 0 0 .3em; }
    nav.toc ol { list-style: none; margin: 0; padding: 0; }
    nav.toc li { margin: .1em 0; }
    nav.toc li.toc-3 { padding-left: 1.2em; font-size: 13.5px; }
    nav.toc li.toc-4, nav.toc li.toc-5, nav.toc li.toc-6 { padding-left: 2.4em; font-size: 13px; }
    nav.toc a { color: var(--text); text-decoration: none; }
    nav.toc a:hover { color: var(--link); text-decoration: underline; }

    /* Figures */
    figure { margin: 2.2em auto; }
    figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
    figcaption { max-width: var(--measure); margin: .7em auto 0; font: 15px/1.5 var(--sans); color: var(--muted); }
    .label { font-weight: 650; color: var(--text); }
    .downloads { white-space: nowrap; font-size: 13px; color: var(--faint); margin-left: .5em; }
    .downloads a { color: var(--link); text-decoration: none; font-weight: 500; }
    .downloads a:hover { text-decoration: underline; }
    /* Inline SVG figures: values on hover (each point's SVG title), click to enlarge, and on a
       narrow screen a sideways scroll rather than text under 10 px. */
    .plot { overflow-x: auto; cursor: zoom-in; border-radius: 4px; }
    .plot:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
    .plot-frame { margin: 0 auto; }
    .plot svg { display: block; width: 100%; height: auto; }
    .plot .hover-targets circle { cursor: crosshair; }
    .plot .hover-targets circle:hover { fill-opacity: .5; }
    .plot.zoomed { position: fixed; inset: 0; z-index: 100; margin: 0; padding: 36px 16px 16px; background: #fff;
      cursor: zoom-out; overflow: auto; border-radius: 0; }
    .plot.zoomed .plot-frame { max-width: none !important; width: 100%; height: 100%; }
    .plot.zoomed svg { height: 100%; }
    .plot.zoomed::before { content: "Click, or press Esc, to close"; position: fixed; top: 10px; right: 16px; font: 13px var(--sans); color: var(--muted); }
    html.zooming { overflow: hidden; }
    .missing-image { padding: 3em 1em; text-align: center; background: var(--soft); color: var(--muted); font: 14px var(--sans); }

    /* Tables */
    .table-block { margin: 2em auto; width: fit-content; max-width: 100%; overflow-x: auto; }
    /* Wide tables may use the window beyond the text column (centred on it), then scroll. */
    .page > .table-block { max-width: min(1200px, calc(100vw - 40px)); margin-left: 50%; margin-right: 0; transform: translateX(-50%); }
    table.data caption { position: sticky; left: 0; }
    table { border-collapse: collapse; font-variant-numeric: tabular-nums lining-nums; }
    table.data { margin: 0 auto; font: 14.5px/1.45 var(--sans); border-top: 2px solid var(--text); border-bottom: 2px solid var(--text); }
    table.data caption { caption-side: top; text-align: left; padding-bottom: .6em; color: var(--muted); font-size: 15px; }
    table.data th, table.data td { padding: .38em .9em; text-align: left; vertical-align: baseline; }
    table.data thead th { border-bottom: 1px solid var(--text); font-weight: 600; }
    table.data tbody tr + tr td { border-top: 1px solid #eaeef2; }
    table.data tbody tr:hover td { background: #f8fafc; }
    table.data .num { text-align: right; white-space: nowrap; }
    /* The sd of a "mean ± sd" cell sits beneath the mean, and long headings wrap: a table of
       eight metrics fits a 1280-px window. The caption never runs wider than the window. */
    table.data td.num .sd { display: block; font-size: 12px; color: var(--muted); }
    table.data thead th.num { white-space: normal; min-width: 5.5em; max-width: 9em; }
    table.data caption { max-width: min(1160px, calc(100vw - 40px)); }
    table.data td.best { font-weight: 700; }
    /* The run table: sortable headings (the page script makes them buttons). */
    .run-table-caption { font: 15px/1.5 var(--sans); color: var(--muted); margin: 0 0 .6em; max-width: var(--measure); }
    table.runs { font-size: 13.5px; }
    table.runs th, table.runs td { padding: .3em .55em; }
    table.runs td code { font-size: 12px; padding: 0 .2em; }
    table.runs td:last-child { min-width: 17em; }
    button.sort { all: unset; cursor: pointer; font-weight: 600; }
    button.sort:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
    button.sort::after { content: " \\2195"; color: var(--faint); font-weight: 400; }
    th[aria-sort="ascending"] button.sort::after { content: " \\25B2"; color: var(--text); }
    th[aria-sort="descending"] button.sort::after { content: " \\25BC"; color: var(--text); }
    .table-note { font: 13px/1.4 var(--sans); color: var(--muted); margin: .5em 0 0; }

    /* Key–value tables (setup, reproducibility) */
    table.kv { width: 100%; table-layout: fixed; font: 14.5px/1.5 var(--sans); border-top: 1px solid var(--rule); }
    table.kv caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: .4em; }
    table.kv th, table.kv td { padding: .4em .8em .4em 0; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
    table.kv th { width: 30%; font-weight: 500; color: var(--muted); }
    table.kv td { overflow-wrap: anywhere; }
    table.kv pre { margin: 0; max-height: 24em; overflow-wrap: normal; }
    .kv-block { margin: 1.8em auto; }

    /* Claims */
    .claim { border: 1px solid var(--rule); border-left: 6px solid var(--faint); border-radius: 8px;
      padding: 1em 1.25em .9em; margin: 1.6em auto; background: #fff; }
    .claim.supported { border-left-color: var(--ok); }
    .claim.contradicted { border-left-color: var(--bad); }
    .claim.inconclusive { border-left-color: var(--maybe); }
    .claim-head { display: flex; align-items: center; gap: .6em; margin-bottom: .45em; font: 12px var(--sans); color: var(--muted); text-transform: uppercase; letter-spacing: .06em; }
    .claim-text { font-size: 1.08rem; margin: 0 0 .45em; font-weight: 600; }
    .evidence { font: 14px/1.5 var(--sans); color: var(--muted); margin: 0; font-variant-numeric: tabular-nums; }
    .evidence .label { margin-right: .35em; }
    .claim details { margin: .7em 0 0; }
    .badge { display: inline-block; font: 600 12px/1.6 var(--sans); letter-spacing: .03em; text-transform: uppercase;
      padding: 0 .6em; border-radius: 999px; border: 1px solid; white-space: nowrap; }
    .badge .icon { font-weight: 700; margin-right: .3em; }
    .badge.supported { color: var(--ok-fg); background: var(--ok-bg); border-color: var(--ok); }
    .badge.contradicted { color: var(--bad-fg); background: var(--bad-bg); border-color: var(--bad); }
    .badge.inconclusive { color: var(--maybe-fg); background: var(--maybe-bg); border-color: var(--maybe); }

    /* Folded details, link lists, notes */
    details { border: 1px solid var(--rule); border-radius: 6px; padding: .45em .9em; margin: 1.2em auto; font: 14.5px/1.5 var(--sans); }
    details > summary { cursor: pointer; font-weight: 600; }
    details[open] > summary { margin-bottom: .5em; }
    details pre { margin: .3em 0 .4em; }
    details ul { margin: .2em 0 .4em; padding-left: 1.2em; }
    .note { border: 1px solid #eed888; border-left: 5px solid var(--maybe); background: #fffbea; border-radius: 6px;
      padding: .75em 1em; margin: 1.5em auto; font-size: 16.5px; }
    .note .note-label { font: 600 12.5px var(--sans); text-transform: uppercase; letter-spacing: .06em; color: var(--maybe-fg); margin: 0 0 .25em; }
    .note > :last-child { margin-bottom: 0; }

    /* Reproducibility footer */
    footer.repro { margin-top: 3em; }
    footer.repro h2 { font-size: 1.15rem; margin-top: 0; }
    .colophon { font: 13px/1.5 var(--sans); color: var(--faint); margin-top: 1.5em; }

    /* Site index */
    .page.site { max-width: 1200px; }
    .page.site > * { max-width: none; }
    .site-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 24px; margin-top: 2em; }
    .card { position: relative; display: flex; flex-direction: column; border: 1px solid var(--rule); border-radius: 10px;
      overflow: hidden; background: #fff; transition: box-shadow .15s, border-color .15s; }
    .card:hover { border-color: #afb8c1; box-shadow: 0 4px 14px rgba(31, 35, 40, .10); }
    .card .thumb { position: relative; aspect-ratio: 16 / 10; overflow: hidden; background: #fff; border-bottom: 1px solid var(--rule);
      display: flex; align-items: center; justify-content: center; }
    .card .thumb img { position: absolute; inset: 6px; width: calc(100% - 12px); height: calc(100% - 12px); object-fit: contain; }
    .card .thumb:has(.no-thumb) { background: var(--soft); }
    .card .thumb .no-thumb { font: 13px var(--sans); color: var(--faint); }
    .card-body { padding: 14px 18px 10px; flex: 1; }
    .card h2 { font-size: 1.12rem; margin: 0 0 .3em; padding: 0; border: 0; }
    .card h2 a { color: var(--text); text-decoration: none; }
    .card h2 a::after { content: ""; position: absolute; inset: 0; }
    .card h2 a:focus-visible { outline: none; }
    .card:focus-within { outline: 2px solid var(--link); outline-offset: 2px; }
    .card .question { font-size: 15.5px; line-height: 1.45; color: var(--muted); font-style: italic; margin: 0 0 .7em; }
    .verdicts { list-style: none; margin: 0; padding: 0; font: 13.5px/1.45 var(--sans);
      display: grid; grid-template-columns: max-content 1fr; gap: .45em .6em; align-items: baseline; }
    .verdicts li { display: contents; }
    .verdicts .badge { justify-self: start; font-size: 10.5px; }
    .verdicts .claim-snippet { display: -webkit-box; -webkit-line-clamp: 2; -webkit-box-orient: vertical; overflow: hidden; }
    .card-meta { font: 12.5px/1.4 var(--sans); color: var(--muted); padding: 8px 18px 12px; border-top: 1px solid #eaeef2; font-variant-numeric: tabular-nums; }
    .empty-site { font: 15px var(--sans); color: var(--muted); }

    @media (max-width: 640px) {
      body { font-size: 17px; }
      .page { padding: 28px 16px 48px; }
      .report-header h1 { font-size: 1.8rem; }
      table.kv th { width: 40%; }
      table.data .num { white-space: normal; }
      table.data th, table.data td { padding: .35em .5em; }
      /* The run table as cards: one block per run, a labelled line per column. */
      .page > .table-block.run-table { width: 100%; }
      table.runs, table.runs tbody, table.runs tr, table.runs td { display: block; }
      table.runs thead tr { display: flex; flex-wrap: wrap; gap: .2em .9em; padding-bottom: .4em; }
      table.runs thead th { border: 0; padding: 0; font-size: 13px; }
      table.runs tbody tr { padding: .5em 0; border-top: 1px solid var(--rule); }
      table.runs tbody tr + tr td { border-top: 0; }
      table.runs td, table.runs td.num { display: flex; gap: .8em; padding: .05em 0; text-align: left; }
      table.runs td::before { content: attr(data-label); flex: 0 0 38%; color: var(--muted); }
      table.runs td:last-child { min-width: 0; }
      table.runs td .cell { flex: 1; min-width: 0; }
      table.runs td code { overflow-wrap: anywhere; }
      /* A figure keeps its text 10 px high and scrolls sideways: say so. */
      .plot + figcaption::before { content: "\\21C6  Scroll the figure sideways, or tap it to enlarge."; display: block; font-size: 13px; color: var(--faint); margin-bottom: .3em; }
    }
    @media print {
      @page { margin: 18mm 16mm; }
      body { font-size: 11pt; line-height: 1.45; }
      .page { max-width: none; padding: 0; }
      .page > * { max-width: none; }
      nav.toc, .downloads { display: none; }
      a { color: inherit; text-decoration: none; }
      h2, h3 { break-after: avoid; }
      figure, table.data, .claim, .note, .card, tr { break-inside: avoid; }
      pre { max-height: none; white-space: pre-wrap; overflow: visible; }
      table.data tbody tr:hover td { background: none; }
      .card { box-shadow: none; }
      .badge { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }
    """
}
