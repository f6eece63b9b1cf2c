// Temp-file-then-rename writes for report files.
#include "gorace/report/atomic_file.hpp"

#include <fcntl.h>
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
  TempFile temp(path + ".tmp-" + std::to_string(::getpid()) + "-" +
                    std::to_string(g_temp_counter.fetch_add(1)),
                path);
  std::string buffer;
  auto flush = [&] {
    temp.write(buffer);
    buffer.clear();
  };
  produce([&](std::string_view chunk) {
    buffer.append(chunk);
    if (buffer.size() >= (1u << 16)) flush();
  });
  flush();
  temp.commit(path);
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
