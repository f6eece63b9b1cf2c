// Writing report files so a crash never leaves a half-written one: the
// content goes to a temporary file in the same directory, is flushed to
// disk, and is then renamed over the target.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace gorace::report {

/// Receives one chunk of a file's content.
using ChunkSink = std::function<void(std::string_view)>;

/// Writes the file at `path` from the chunks `produce` passes to its sink:
/// to `<path>.tmp-<pid>-<n>`, fsync, then rename to `path`. If `produce`
/// throws or a write fails, the temporary file is removed, `path` keeps its
/// old content (or stays absent), and the error propagates (I/O errors as
/// std::runtime_error naming the file and the reason).
/// A symbolic link `path` is followed: the file at the end of its chain is
/// replaced so, and the link stays. An existing `path` that is neither a
/// regular file nor a directory (a FIFO, a device such as /dev/null or a
/// terminal) is opened and written directly, not replaced.
void write_file_atomically(const std::string& path,
                           const std::function<void(const ChunkSink&)>& produce);

/// Convenience overload for content already in memory.
void write_file_atomically(const std::string& path, std::string_view content);

/// Writes all of `data` to file descriptor `fd`, going on after short
/// writes and EINTR; returns false (errno set) when a write fails.
bool write_fully(int fd, std::string_view data);

/// Creates `dir` and its parents if missing; throws std::runtime_error
/// naming the directory and the reason on failure.
void ensure_directory(const std::string& dir);

}  // namespace gorace::report
