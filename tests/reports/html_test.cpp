// The HTML view: self-contained, escaped, with the pieces users review.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <regex>

#include "demo_report.hpp"
#include "gorace/report/html.hpp"
#include "test_util.hpp"

namespace gorace::report {
namespace {

HtmlOptions demo_options() {
  HtmlOptions o;
  o.strip_path_prefix = std::string(GORACE_TEST_SOURCE_DIR) + "/fixtures/";
  return o;
}

TEST(Html, EscapesEverythingFromTheProgram) {
  std::string html = render_html(testing::demo_report(), demo_options());
  // The fixture's source line and the function name are shown as text.
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(html.find("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("inject&lt;&lt;/script&gt;&gt;"), std::string::npos);
  EXPECT_EQ(html.find("<b>not bold</b>"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;not bold&lt;/b&gt;"), std::string::npos);
  // Exactly two script elements, both ours (the CSP listener and the page script).
  size_t scripts = 0;
  for (size_t p = html.find("<script"); p != std::string::npos; p = html.find("<script", p + 1))
    ++scripts;
  EXPECT_EQ(scripts, 2u);
}

TEST(Html, IsSelfContainedWithAStrictCsp) {
  std::string html = render_html(testing::demo_report(), demo_options());
  EXPECT_NE(
      html.find(
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
          "'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">"),
      std::string::npos);
  std::regex external(R"((src|href)\s*=\s*["']?\s*(https?:)?//)", std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, external));
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
}

TEST(Html, ShowsSummaryTableStacksSnippetsChainsAndTimeline) {
  std::string html = render_html(testing::demo_report(), demo_options());
  EXPECT_NE(html.find("id=\"stat-unique\">5<"), std::string::npos);
  EXPECT_NE(html.find("id=\"stat-total\">58<"), std::string::npos);
  size_t rows = 0;
  for (size_t p = html.find("class=\"race-row\""); p != std::string::npos;
       p = html.find("class=\"race-row\"", p + 1))
    ++rows;
  EXPECT_EQ(rows, 5u);
  EXPECT_NE(html.find("class=\"stack g-cur stack-current\""), std::string::npos);
  EXPECT_NE(html.find("class=\"stack g-prev stack-previous\""), std::string::npos);
  // The racing lines are highlighted with their source text.
  EXPECT_NE(
      html.find("<span class=\"hit hit-write\"><span class=\"ln\">11</span>  a.balance += amount;"),
      std::string::npos);
  EXPECT_NE(
      html.find("<span class=\"hit hit-read\"><span class=\"ln\">16</span>  return a.balance;"),
      std::string::npos);
  EXPECT_NE(html.find("Source file not found: <code>/nonexistent/lib/cache.cpp</code>"),
            std::string::npos);
  EXPECT_NE(html.find("Creation chain of goroutine 5"), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"timeline\""), std::string::npos);
  // Sync events: labelled short, named in full in their tooltips; the
  // legend shows each kind of mark.
  EXPECT_NE(html.find("<title>gor::Chan::recv (acquire) on 0x00c000012000 at bank.cpp:26:13"),
            std::string::npos);
  EXPECT_NE(html.find(">Chan::recv</text>"), std::string::npos);
  EXPECT_EQ(html.find(">gor::Chan::recv</text>"), std::string::npos);
  EXPECT_NE(html.find(">release-acquire</text>"), std::string::npos);
  EXPECT_NE(
      html.find("gorace replay --seed 42 --strategy pct --pct-depth 4 -- /work/build/samples/bank "
                "--accounts 4 "
                "&#39;&lt;b&gt;not bold&lt;/b&gt;&#39;"),
      std::string::npos);
  EXPECT_NE(html.find("are unordered: "), std::string::npos);
  testing::write_file(std::string(GORACE_TEST_BINARY_DIR) + "/demo-report.html", html);
}

// A race inside a library template opens its stack at the program's own
// frame (the line that called the library), with its snippet.
TEST(Html, OpensTheProgramsFrameOfAStackInsideALibrary) {
  Report report = testing::demo_report();
  report.races.resize(1);
  Stack& stack = report.races[0].race.current.stack;
  stack.insert(stack.begin(), Frame{"std::unique_ptr<int>::reset",
                                    "/usr/include/c++/12/bits/unique_ptr.h", 201, 9});
  std::string html = render_html(report, demo_options());
  const size_t open = html.find("<details open><summary>");
  ASSERT_NE(open, std::string::npos);
  const std::string summary = html.substr(open, html.find("</summary>", open) - open);
  EXPECT_NE(summary.find("bank.cpp"), std::string::npos) << summary;
  EXPECT_EQ(summary.find("unique_ptr.h"), std::string::npos) << summary;
}

TEST(Html, CapsDetailSectionsButKeepsEveryRow) {
  HtmlOptions o = demo_options();
  o.max_detailed_races = 2;
  std::string html = render_html(testing::demo_report(), o);
  size_t rows = 0, sections = 0;
  for (size_t p = html.find("class=\"race-row\""); p != std::string::npos;
       p = html.find("class=\"race-row\"", p + 1))
    ++rows;
  for (size_t p = html.find("<section class=\"card race\""); p != std::string::npos;
       p = html.find("<section class=\"card race\"", p + 1))
    ++sections;
  EXPECT_EQ(rows, 5u);
  EXPECT_EQ(sections, 2u);
  EXPECT_NE(html.find("Details of races 3 to 5 are omitted"), std::string::npos);
  EXPECT_EQ(html.find("href=\"#race-3\""), std::string::npos);
}

/// Renders `report`; fails the test (and unblocks the renderer by opening
/// `fifo` for writing) when that takes over 10 s: the renderer waited for a
/// writer of the FIFO.
std::string render_without_blocking(const Report& report, const std::string& fifo) {
  auto rendering =
      std::async(std::launch::async, [&] { return render_html(report, HtmlOptions{}); });
  if (rendering.wait_for(std::chrono::seconds(10)) == std::future_status::timeout) {
    ADD_FAILURE() << "the renderer blocked on the FIFO " << fifo;
    ::close(::open(fifo.c_str(), O_WRONLY));
  }
  return rendering.get();
}

// Only source text is shown: a frame naming a FIFO, a binary file (with a
// NUL byte) or a file under /proc (directly or through a link) gets the
// note a missing file gets and nothing of its content.
TEST(Html, ShowsOnlyRegularTextFilesAsSource) {
  testing::TempDir dir("html-sources");
  const std::string fifo = dir.file("pipe.cpp");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  testing::write_file(dir.file("blob.cpp"), std::string("BINARY_CONTENT\0\n", 16));
  testing::write_file(dir.file("ok.cpp"), "int shown_line = 1;\n");
  std::filesystem::create_symlink("/proc/self/status", dir.file("status.cpp"));
  Report report = testing::demo_report();
  report.races.resize(1);
  report.races[0].race.current.stack = {{"f", dir.file("ok.cpp"), 1, 1},
                                        {"g", fifo, 1, 1},
                                        {"h", dir.file("blob.cpp"), 1, 1},
                                        {"i", dir.file("status.cpp"), 1, 1},
                                        {"j", "/proc/self/status", 1, 1}};
  std::string html = render_without_blocking(report, fifo);
  EXPECT_NE(html.find("int shown_line = 1;"), std::string::npos);
  EXPECT_EQ(html.find("BINARY_CONTENT"), std::string::npos);
  EXPECT_EQ(html.find("Tgid:"), std::string::npos);
  for (const std::string& skipped :
       {fifo, dir.file("blob.cpp"), dir.file("status.cpp"), std::string("/proc/self/status")})
    EXPECT_NE(html.find("Source file not found: <code>" + skipped + "</code>"), std::string::npos)
        << skipped;
}

// Control characters are shown as \xNN; bytes that are not UTF-8 become
// U+FFFD, so the page is valid UTF-8 as its charset says.
TEST(HtmlEscape, ShowsControlCharactersAndRepairsUtf8) {
  using namespace std::string_literals;
  EXPECT_EQ(html_escape("a\x1b[2J\0\x7f\tb\n"s), "a\\x1b[2J\\x00\\x7f\tb\n");
  EXPECT_EQ(html_escape("caf\xc3\xa9 \xff \xe2\x82<"),
            "caf\xc3\xa9 \xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd&lt;");
}

TEST(HtmlEscape, EscapesTheFiveSpecialCharacters) {
  EXPECT_EQ(html_escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

}  // namespace
}  // namespace gorace::report
