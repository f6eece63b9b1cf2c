#include "log_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "gorace/report/atomic_file.hpp"

namespace gor::detail::race {
namespace {

// The destination (written at start, after a fork, and at the first write;
// the callers serialise). A pointer: an instrumented module's constructor
// may start detection before this file's static strings would be built.
const std::string* g_file_base = nullptr;  // log_path of a file destination, else null
int g_fd = 2;                              // -1: the file is not open yet

// Creates the directories above `path` that are missing (mkdir -p).
bool make_parent_directories(const std::string& path, std::string& failed) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string dir = path.substr(0, slash);
    if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST) {
      failed = dir;
      return false;
    }
  }
  return true;
}

// Opens `<log_path>.<pid>`, else falls back to stderr, saying why.
void open_file() {
  const std::string path = *g_file_base + "." + std::to_string(getpid());
  std::string failed_dir;
  if (!make_parent_directories(path, failed_dir)) {
    std::fprintf(stderr,
                 "gorace: cannot create directory \"%s\" for log_path: %s; reports go to stderr\n",
                 failed_dir.c_str(), std::strerror(errno));
    g_fd = 2;
    return;
  }
  g_fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (g_fd < 0) {
    std::fprintf(stderr, "gorace: cannot open log_path file \"%s\": %s; reports go to stderr\n",
                 path.c_str(), std::strerror(errno));
    g_fd = 2;
  }
}

}  // namespace

void log_configure(const std::string& log_path) {
  if (log_path.empty() || log_path == "stderr") return;
  if (log_path == "stdout") {
    g_fd = 1;
    return;
  }
  g_file_base = new std::string(log_path);
  g_fd = -1;
}

void log_write(const std::string& text) {
  if (g_fd < 0) open_file();
  gorace::report::write_fully(g_fd, text);
}

}  // namespace gor::detail::race
