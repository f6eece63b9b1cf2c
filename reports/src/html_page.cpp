// render_html: placeholder page (Go-format text per race) until the full
// review page lands.
#include "gorace/report/html.hpp"
#include "gorace/report/writers.hpp"

namespace gorace::report {

std::string render_html(const Report& report, const HtmlOptions& options) {
  std::string out =
      "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta "
      "http-equiv=\"Content-Security-Policy\" "
      "content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
      "img-src data:\">"
      "<title>gorace report</title></head><body>";
  TextOptions text;
  text.strip_path_prefix = options.strip_path_prefix;
  for (const ReportRace& r : report.races)
    out += "<pre>" + html_escape(format_text(r.race, text)) + "</pre>";
  out += "</body></html>\n";
  return out;
}

}  // namespace gorace::report
