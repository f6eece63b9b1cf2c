// Command-line parsing for gorace-report.
#include "options.hpp"

namespace gorace::report::tool {

const char* version() {
  return "gorace-report " GORACE_VERSION;
}

const char* usage() {
  return "usage: gorace-report <command> [options] LOG...\n"
         "\n"
         "Renders gorace JSON Lines race logs; races from many logs are merged by\n"
         "fingerprint and counted.\n"
         "\n"
         "commands:\n"
         "  html    write one self-contained HTML report (-o FILE required)\n"
         "  sarif   write SARIF 2.1.0 for code scanning (-o FILE required)\n"
         "  text    print the races in Go's -race format to stdout\n"
         "\n"
         "options:\n"
         "  -o, --output FILE          html, sarif: output file ('-' = stdout)\n"
         "  --strip-path-prefix PFX    remove PFX from shown file paths\n"
         "  --source-root DIR          html: read relative source paths from DIR;\n"
         "                             sarif: URIs are relative to DIR (default: the\n"
         "                             directory --strip-path-prefix strips, else the\n"
         "                             current directory)\n"
         "  --title TEXT               html: page title\n"
         "  -q, --quiet                do not list skipped log lines\n"
         "  --progress                 report reading progress on stderr from the start\n"
         "                             (by default only once reading takes over a second)\n"
         "  -h, --help                 show this help\n"
         "  --version                  print the version\n"
         "\n"
         "A LOG of '-' is read from standard input.\n";
}

Options parse_options(const std::vector<std::string>& args) {
  Options o;
  size_t i = 0;
  // A value in the next argument may not look like a flag ("--title -o
  // x.html" forgot the title): one that starts with '-' is given inline.
  auto value = [&](const std::string& flag) -> std::string {
    if (i + 1 >= args.size()) throw UsageError("flag " + flag + " needs a value");
    const std::string& next = args[++i];
    if (next.size() > 1 && next[0] == '-') {
      const std::string name = flag == "-o" ? "--output" : flag;
      throw UsageError("flag " + flag + " needs a value, not the flag " + next + " (write " + name +
                       "=" + next + " for a value that starts with '-')");
    }
    return next;
  };
  bool only_logs = false;
  for (; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (only_logs || a == "-" || a.empty() || a[0] != '-') {
      if (o.command.empty() && !only_logs) {
        if (a != "html" && a != "sarif" && a != "text")
          throw UsageError("unknown command \"" + a + "\" (expected html, sarif or text)");
        o.command = a;
      } else {
        o.logs.push_back(a);
      }
      continue;
    }
    std::string flag = a, inline_value;
    bool has_inline = false;
    if (size_t eq = a.find('='); a.rfind("--", 0) == 0 && eq != std::string::npos) {
      flag = a.substr(0, eq);
      inline_value = a.substr(eq + 1);
      has_inline = true;
    }
    auto take = [&]() { return has_inline ? inline_value : value(flag); };
    if (flag == "--")
      only_logs = true;
    else if (flag == "-h" || flag == "--help")
      o.help = true;
    else if (flag == "--version")
      o.version = true;
    else if (flag == "-q" || flag == "--quiet")
      o.quiet = true;
    else if (flag == "--progress")
      o.progress = true;
    else if (flag == "-o" || flag == "--output")
      o.output = take();
    else if (flag == "--strip-path-prefix")
      o.strip_path_prefix = take();
    else if (flag == "--source-root")
      o.source_root = take();
    else if (flag == "--title")
      o.title = take();
    else
      throw UsageError("unknown flag " + flag);
  }
  if (o.help || o.version) return o;
  if (o.command.empty()) throw UsageError("missing command (html, sarif or text)");
  if (o.logs.empty()) throw UsageError("no log files given");
  if (o.command == "text" && !o.output.empty() && o.output != "-")
    throw UsageError("text writes to stdout; -o is not accepted");
  if (o.command != "text" && o.output.empty())
    throw UsageError(o.command + " needs an output file: -o FILE");
  if (o.command != "html" && !o.title.empty()) throw UsageError("--title applies to html only");
  if (o.command == "text" && !o.source_root.empty())
    throw UsageError("--source-root applies to html and sarif only");
  return o;
}

}  // namespace gorace::report::tool
