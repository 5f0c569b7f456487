#include "src/report/style.hpp"

namespace hammer::report {

std::string_view page_style()
{
    // System fonts only: a web font would be a fetch.
    return R"css(
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #222;
       margin: 0 auto; max-width: 1280px; padding: 0 16px 48px; }
h1 { font-size: 22px; margin: 20px 0 4px; }
h2 { font-size: 19px; margin: 28px 0 8px; padding-top: 12px; border-top: 3px solid #37474f; }
h3 { font-size: 16px; margin: 22px 0 6px; }
h4 { font-size: 14px; margin: 16px 0 4px; }
nav a { margin-right: 12px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #d5d9dd; padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #eceff1; position: sticky; top: 0; }
td.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.code, .file { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; word-break: break-all; }
td.message { max-width: 520px; }
.scroll { overflow-x: auto; }
.hint { color: #555; margin: 2px 0 6px; }
.note { color: #6d4c41; font-style: italic; }
.bad { color: #b71c1c; font-weight: bold; }
tr.bad td, tr.failed td { background: #fdecea; }
tr.left-out td { text-align: center; font-style: italic; color: #6d4c41; background: #fafafa; }
table.facts th { background: #f5f5f5; width: 180px; }
.verdict { display: flex; gap: 14px; align-items: center; padding: 10px 14px; border-radius: 6px; color: #fff;
           margin: 10px 0; }
.verdict .status { font-size: 24px; font-weight: bold; }
.v-PASS { background: #2e7d32; } .v-FAIL { background: #c62828; } .v-ERROR { background: #ef6c00; }
td.o-PASS { background: #e8f5e9; } td.o-FAIL { background: #ffebee; } td.o-ERROR { background: #fff3e0; }
td.o-SKIP { background: #f5f5f5; color: #666; }
td.counts, td.rate { white-space: nowrap; text-align: center; }
.legend .swatch { display: inline-block; width: 12px; height: 12px; margin: 0 4px 0 10px; vertical-align: -1px;
                  border-radius: 2px; }
svg.gantt, svg.chart { display: block; margin: 6px 0 2px; background: #fff; border: 1px solid #e0e0e0; }
.pair-traffic { margin-bottom: 18px; }
.run-id { font-weight: bold; }
.comparison-table .file { word-break: normal; white-space: nowrap; }
)css";
}

} // namespace hammer::report
