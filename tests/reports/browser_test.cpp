// End to end in a real browser: headless Chromium loads a generated report
// from a file: URL; the rendered DOM is checked (table rows, sorting and
// filtering from the URL hash, the page's own ?selftest, both stacks, the
// highlighted source lines, the timeline) and no network request is made.
// Saves a screenshot as a test artifact. Skipped only without Chromium.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <regex>

#include "demo_report.hpp"
#include "gorace/report/atomic_file.hpp"
#include "gorace/report/html.hpp"
#include "test_util.hpp"

namespace gorace::report {
namespace {

namespace fs = std::filesystem;

/// The Chromium binary: $GORACE_CHROMIUM, else the first of the usual names
/// on PATH; "" if none.
std::string find_chromium() {
  if (const char* env = std::getenv("GORACE_CHROMIUM"); env && *env) return env;
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome"}) {
    size_t start = 0;
    while (start <= dirs.size()) {
      size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
      if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
      start = end + 1;
    }
  }
  return "";
}

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

class Browser : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty()) GTEST_SKIP() << "chromium is not installed (apt-get install chromium)";
    dir_ = std::string(GORACE_TEST_BINARY_DIR) + "/browser";
    fs::create_directories(dir_);
    HtmlOptions o;
    o.strip_path_prefix = std::string(GORACE_TEST_SOURCE_DIR) + "/fixtures/";
    report_ = dir_ + "/report.html";
    write_file_atomically(report_, render_html(testing::demo_report(), o));
  }

  /// Runs Chromium headless on `url_suffix` appended to the report's file:
  /// URL with `mode` (e.g. --dump-dom); returns its stdout.
  std::string chromium(const std::string& mode, const std::string& url_suffix,
                       const std::string& netlog = "") {
    std::string profile = dir_ + "/profile-" + std::to_string(::getpid());
    std::string cmd =
        "timeout 60 " + quote(chromium_) +
        " --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
        " --disable-component-update --disable-sync --disable-dev-shm-usage --user-data-dir=" +
        quote(profile) + (netlog.empty() ? "" : " --log-net-log=" + quote(netlog)) + " " + mode +
        " " + quote("file://" + report_ + url_suffix) + " 2>" +
        quote(dir_ + "/chromium-stderr.txt");
    std::string out;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) {
      ADD_FAILURE() << "cannot run " << cmd;
      return out;
    }
    char buf[65536];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
    int status = ::pclose(p);
    fs::remove_all(profile);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << cmd << " failed; see " << dir_ << "/chromium-stderr.txt";
    return out;
  }

  std::string chromium_, dir_, report_;
};

std::vector<std::string> all_matches(const std::string& text, const std::regex& re, int group = 0) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it)
    out.push_back((*it)[group].str());
  return out;
}

TEST_F(Browser, PageSelfTestPassesInChromium) {
  std::string dom = chromium("--dump-dom", "?selftest");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      dom, m, std::regex(R"re(<pre id="selftest" data-result="(\w+)">([^<]*)</pre>)re")))
      << "no self-test results in the DOM:\n"
      << dom.substr(0, 2000);
  EXPECT_EQ(m[1].str(), "pass") << m[2].str();
  EXPECT_EQ(m[2].str().find("FAIL"), std::string::npos) << m[2].str();
  EXPECT_NE(m[2].str().find("PASS sort count desc"), std::string::npos);
  EXPECT_NE(m[2].str().find("PASS no request was blocked by the CSP"), std::string::npos);
}

// A page merged from several runs of programs with long names and
// arguments still fits 800 px (headless Chromium's default width): the runs
// table wraps, the header's title does not push the races under it.
TEST_F(Browser, PageOfManyLongRunsFitsANarrowWindow) {
  Report report = testing::demo_report();
  for (int i = 0; i < 3; ++i) {
    RunInfo run = report.runs.front();
    run.program = "/home/someone/projects/a-rather-long-project-name/build/samples/" +
                  std::to_string(i) + "-print-logs_racy_with_a_long_name";
    run.args = {"--input", "/var/log/some/long/path/access-" + std::to_string(i) + ".log"};
    run.pid = 1000 + i;
    report.runs.push_back(run);
  }
  HtmlOptions o;
  o.strip_path_prefix = std::string(GORACE_TEST_SOURCE_DIR) + "/fixtures/";
  write_file_atomically(report_, render_html(report, o));
  std::string dom = chromium("--window-size=800,900 --dump-dom", "?selftest");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      dom, m, std::regex(R"re(<pre id="selftest" data-result="(\w+)">([^<]*)</pre>)re")));
  EXPECT_EQ(m[2].str().find("FAIL"), std::string::npos) << m[2].str();
  EXPECT_NE(m[2].str().find("PASS the page needs no sideways scrolling"), std::string::npos)
      << m[2].str();
}

TEST_F(Browser, HashSortsAndFiltersTheRaceTable) {
  std::string dom = chromium("--dump-dom", "#sort=count&dir=desc&filter=deposit");
  std::regex row(
      R"re(<tr class="race-row" data-id="(\d+)"[^>]*data-count="(\d+)"[^>]*?( hidden="")?>)re");
  std::vector<std::string> order, visible;
  for (auto it = std::sregex_iterator(dom.begin(), dom.end(), row); it != std::sregex_iterator();
       ++it) {
    order.push_back((*it)[1].str());
    if (!(*it)[3].matched) visible.push_back((*it)[1].str());
  }
  // Counts: #1 3, #2 12, #3 40, #4 1, #5 2; only #1-#3 are in deposit().
  EXPECT_EQ(order, (std::vector<std::string>{"3", "2", "1", "5", "4"}));
  EXPECT_EQ(visible, (std::vector<std::string>{"3", "2", "1"}));
  EXPECT_NE(dom.find("3 of 5 races shown"), std::string::npos);
  EXPECT_EQ(
      all_matches(
          dom, std::regex(R"re(<th data-key="count"[^>]*aria-sort="descending" class="desc">)re"))
          .size(),
      1u);
  EXPECT_EQ(all_matches(dom, std::regex(R"re(aria-sort="(ascending|descending)")re")).size(), 1u);
  // The race sections of hidden rows are hidden too.
  EXPECT_EQ(
      all_matches(dom, std::regex(R"re(id="race-4" data-fingerprint="[0-9a-f]{16}" hidden="")re"))
          .size(),
      1u);
}

// A link with a stray '%' (hand-written or cut) does not stop the page's
// script: that value is taken as written, the rest of the state applies.
TEST_F(Browser, MalformedHashValueIsTakenAsWritten) {
  std::string dom = chromium("--dump-dom", "#sort=count&dir=desc&filter=100%");
  EXPECT_NE(dom.find("0 of 5 races shown"), std::string::npos) << dom.substr(0, 2000);
  EXPECT_EQ(
      all_matches(
          dom, std::regex(R"re(<th data-key="count"[^>]*aria-sort="descending" class="desc">)re"))
          .size(),
      1u);
}

TEST_F(Browser, RendersStacksSourceTimelineAndEscapedText) {
  std::string dom = chromium("--dump-dom", "");
  EXPECT_EQ(all_matches(dom, std::regex(R"(class="stack g-cur stack-current")")).size(), 5u);
  EXPECT_EQ(all_matches(dom, std::regex(R"(class="stack g-prev stack-previous")")).size(), 5u);
  EXPECT_NE(
      dom.find("<span class=\"hit hit-write\"><span class=\"ln\">11</span>  a.balance += amount;"),
      std::string::npos);
  EXPECT_NE(
      dom.find("<span class=\"hit hit-read\"><span class=\"ln\">16</span>  return a.balance;"),
      std::string::npos);
  EXPECT_EQ(all_matches(dom, std::regex(R"(<svg class="timeline")")).size(), 5u);
  EXPECT_NE(dom.find("no happens-before"), std::string::npos);
  EXPECT_NE(dom.find("Source file not found"), std::string::npos);
  // The source line with a script injection stayed text: the DOM has only
  // our two script elements and shows the line escaped.
  EXPECT_EQ(all_matches(dom, std::regex("<script")).size(), 2u);
  EXPECT_NE(dom.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST_F(Browser, MakesNoNetworkRequest) {
  std::string netlog = dir_ + "/netlog.json";
  std::string dom = chromium("--dump-dom", "", netlog);
  EXPECT_NE(dom.find("default-src 'none'"), std::string::npos);
  EXPECT_TRUE(
      all_matches(dom, std::regex(R"((src|href)\s*=\s*"\s*(https?:)?//)", std::regex::icase))
          .empty());
  // Chromium's own background traffic (update and account checks) may show
  // in the net log; any other host would be the page's doing.
  std::string log = testing::read_file(netlog);
  ASSERT_FALSE(log.empty()) << "no net log written";
  for (const std::string& host :
       all_matches(log, std::regex(R"re("url":"(https?|wss?)://([^/":]+))re"), 2)) {
    bool browser_own = host == "clients2.google.com" || host == "update.googleapis.com" ||
                       host == "accounts.google.com" || host == "redirector.gvt1.com";
    EXPECT_TRUE(browser_own) << "request to " << host;
  }
}

TEST_F(Browser, SavesAScreenshot) {
  std::string shot = std::string(GORACE_TEST_BINARY_DIR) + "/report-screenshot.png";
  fs::remove(shot);
  chromium("--screenshot=" + quote(shot) + " --window-size=1400,1000 --hide-scrollbars", "");
  ASSERT_TRUE(fs::exists(shot));
  std::string png = testing::read_file(shot);
  EXPECT_EQ(png.substr(0, 8), "\x89PNG\r\n\x1a\n");
  EXPECT_GT(png.size(), 10000u);
}

}  // namespace
}  // namespace gorace::report
