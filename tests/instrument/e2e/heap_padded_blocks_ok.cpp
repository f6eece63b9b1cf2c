// Under detection, heap blocks of 1 KiB up to 64 KiB start on a 128-byte
// boundary, and those of 4 KiB or more on a 1 KiB one (padded blocks, see
// runtime/src/race/padded_block.hpp). Each must still behave as the C
// library's: usable for its whole size, resized by realloc with its bytes
// kept, measured by malloc_usable_size, freed by free or delete.
// EXPECT: no race
#include <malloc.h>
#include <gor/gor.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace {

bool failed = false;

void check(bool ok, const char* what, size_t size) {
  if (ok) return;
  std::printf("FAIL: %s (size %zu)\n", what, size);
  failed = true;
}

// The alignment the runtime promises a block of `size` bytes.
uintptr_t promised_alignment(size_t size) {
  if (size < 1024 || size > 64 * 1024) return 16;
  return size >= 4096 ? 1024 : 128;
}

void check_block(void* p, size_t size, const char* how) {
  check(p != nullptr, how, size);
  check(reinterpret_cast<uintptr_t>(p) % promised_alignment(size) == 0, how, size);
  check(malloc_usable_size(p) >= size, "malloc_usable_size", size);
}

// Fills `p` with a pattern depending on `size` and `seed`; checks it.
void fill(void* p, size_t size, unsigned seed) {
  auto* b = static_cast<unsigned char*>(p);
  for (size_t i = 0; i < size; i++) b[i] = static_cast<unsigned char>(i * 31 + seed);
}
bool holds(const void* p, size_t size, unsigned seed) {
  const auto* b = static_cast<const unsigned char*>(p);
  for (size_t i = 0; i < size; i++)
    if (b[i] != static_cast<unsigned char>(i * 31 + seed)) return false;
  return true;
}

}  // namespace

int main() {
  const int status = gor::main([] {
    for (size_t size : {size_t{1000}, size_t{1024}, size_t{2000}, size_t{4095}, size_t{4096},
                        size_t{5000}, size_t{65536}, size_t{65537}, size_t{200000}}) {
      void* p = std::malloc(size);
      check_block(p, size, "malloc");
      fill(p, size, 1);
      // Grow and shrink: the bytes kept, the new block aligned for its size.
      void* grown = std::realloc(p, size * 3);
      check_block(grown, size * 3, "realloc up");
      check(holds(grown, size, 1), "realloc up keeps the bytes", size);
      void* shrunk = std::realloc(grown, size / 2);
      check_block(shrunk, size / 2, "realloc down");
      check(holds(shrunk, size / 2, 1), "realloc down keeps the bytes", size);
      std::free(shrunk);

      auto* zeroed = static_cast<unsigned char*>(std::calloc(size, 1));
      check_block(zeroed, size, "calloc");
      bool all_zero = true;
      for (size_t i = 0; i < size; i++) all_zero = all_zero && zeroed[i] == 0;
      check(all_zero, "calloc zeroes", size);
      std::free(zeroed);

      auto* array = new unsigned char[size];
      check_block(array, size, "new[]");
      fill(array, size, 2);
      check(holds(array, size, 2), "new[] block holds its bytes", size);
      delete[] array;

      // Alignment the caller asks for is the C library's to give.
      void* aligned = nullptr;
      check(posix_memalign(&aligned, 64, size) == 0, "posix_memalign", size);
      check(reinterpret_cast<uintptr_t>(aligned) % 64 == 0, "posix_memalign alignment", size);
      fill(aligned, size, 3);
      std::free(aligned);
    }
    // The C library resizes and frees blocks it did not allocate itself
    // through the replaced functions: reallocarray, getline, a memstream.
    auto* moved = static_cast<unsigned char*>(std::malloc(5000));
    fill(moved, 5000, 4);
    moved = static_cast<unsigned char*>(reallocarray(moved, 3, 5000));
    check(moved != nullptr && holds(moved, 5000, 4), "reallocarray keeps the bytes", 5000);
    std::free(moved);
    FILE* lines = std::tmpfile();
    check(lines != nullptr, "tmpfile", 0);
    if (lines != nullptr) {
      for (int i = 0; i < 20000; i++) std::fputc('x', lines);
      std::fputc('\n', lines);
      std::rewind(lines);
      size_t capacity = 2000;
      auto* line = static_cast<char*>(std::malloc(capacity));
      check(getline(&line, &capacity, lines) == 20001, "getline grows a padded buffer", 20001);
      std::free(line);
      std::fclose(lines);
    }
    char* stream_bytes = nullptr;
    size_t stream_size = 0;
    FILE* stream = open_memstream(&stream_bytes, &stream_size);
    for (int i = 0; i < 10000; i++) std::fputs("abcdefgh", stream);
    std::fclose(stream);
    check(stream_size == 80000, "open_memstream", stream_size);
    std::free(stream_bytes);

    // Many live blocks at once, freed in another order than allocated.
    constexpr int kBlocks = 256;
    void* blocks[kBlocks];
    for (int i = 0; i < kBlocks; i++) {
      const size_t size = 1024 + static_cast<size_t>(i) * 97;
      blocks[i] = std::malloc(size);
      check_block(blocks[i], size, "malloc of many");
      fill(blocks[i], size, static_cast<unsigned>(i));
    }
    for (int i = 0; i < kBlocks; i++) {
      const int j = (i * 37) % kBlocks;
      check(holds(blocks[j], 1024 + static_cast<size_t>(j) * 97, static_cast<unsigned>(j)),
            "block of many holds its bytes", static_cast<size_t>(j));
      std::free(blocks[j]);
    }
  });
  if (failed) return 1;
  return status;
}
