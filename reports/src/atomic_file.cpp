// Temp-file-then-rename writes for report files.
#include "gorace/report/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace gorace::report {
namespace {

std::atomic<uint64_t> g_temp_counter{0};

[[noreturn]] void io_error(const std::string& what, const std::string& path, int err) {
  throw std::runtime_error("cannot " + what + " " + path + ": " + std::strerror(err));
}

/// Removes the temporary file unless released (the rename succeeded).
class TempFile {
 public:
  /// A temporary file at `path` for `target`, which a failure to create it
  /// names (the temporary name means nothing to the user).
  TempFile(std::string path, const std::string& target) : path_(std::move(path)) {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    if (fd_ < 0) io_error("create", target, errno);
  }
  ~TempFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!committed_) ::unlink(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;

  void write(std::string_view data) {
    if (!write_fully(fd_, data)) io_error("write", path_, errno);
  }

  void commit(const std::string& target) {
    if (::fsync(fd_) != 0) io_error("flush", path_, errno);
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) io_error("close", path_, errno);
    if (::rename(path_.c_str(), target.c_str()) != 0)
      io_error("rename to " + target + ":", path_, errno);
    committed_ = true;
  }

 private:
  std::string path_;
  int fd_ = -1;
  bool committed_ = false;
};

/// Passes the chunks `produce` makes to `write` in pieces of at least 64 KiB
/// (the last one smaller).
void produce_buffered(const std::function<void(const ChunkSink&)>& produce,
                      const std::function<void(std::string_view)>& write) {
  std::string buffer;
  produce([&](std::string_view chunk) {
    buffer.append(chunk);
    if (buffer.size() >= (1u << 16)) {
      write(buffer);
      buffer.clear();
    }
  });
  write(buffer);
}

/// Whether `path` exists and, followed through its links, is neither a
/// regular file nor a directory (a FIFO, a device, a socket).
bool is_special_file(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

/// The end of `path`'s chain of symbolic links (a relative link is resolved
/// against its own directory; the end may not exist yet), or `path` itself.
std::string resolve_links(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path current = path;
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(current, ec))) return current.string();
    fs::path target = fs::read_symlink(current, ec);
    if (ec) io_error("read the link", current.string(), ec.value());
    current = target.is_absolute() ? target : current.parent_path() / target;
  }
  io_error("write", path, ELOOP);
}

/// Writes the chunks straight into the existing special file `path`.
void write_special_file(const std::string& path,
                        const std::function<void(const ChunkSink&)>& produce) {
  int fd = ::open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) io_error("open", path, errno);
  try {
    produce_buffered(produce, [&](std::string_view data) {
      if (!write_fully(fd, data)) io_error("write", path, errno);
    });
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) io_error("close", path, errno);
}

}  // namespace

bool write_fully(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      if (n == 0) errno = EIO;
      return false;
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

void write_file_atomically(const std::string& path,
                           const std::function<void(const ChunkSink&)>& produce) {
  if (is_special_file(path)) {
    write_special_file(path, produce);
    return;
  }
  const std::string target = resolve_links(path);
  TempFile temp(target + ".tmp-" + std::to_string(::getpid()) + "-" +
                    std::to_string(g_temp_counter.fetch_add(1)),
                path);
  produce_buffered(produce, [&](std::string_view data) { temp.write(data); });
  temp.commit(target);
}

void write_file_atomically(const std::string& path, std::string_view content) {
  write_file_atomically(path, [&](const ChunkSink& sink) { sink(content); });
}

void ensure_directory(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw std::runtime_error("cannot create directory " + dir + ": " + ec.message());
  if (!std::filesystem::is_directory(dir, ec))
    throw std::runtime_error("cannot use " + dir + " as the report directory: not a directory");
}

}  // namespace gorace::report
