// A test fixture around an Engine: frames are C strings (the frame id is the
// string's address), races are collected in a vector.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "gorace/analyzer/engine.hpp"

namespace gorace::analyzer::testing {

/// A frame id naming a function (static storage).
inline FrameId frame(const char* name) {
  return name;
}

class EngineTest : public ::testing::Test {
 protected:
  explicit EngineTest(Config config = Config()) : engine_(std::move(config), hooks()) {}

  Hooks hooks() {
    Hooks h;
    h.expand_frame = [](FrameId f, report::Stack& out) {
      report::Frame fr;
      fr.function = static_cast<const char*>(f);
      fr.file = "test.cpp";
      out.push_back(fr);
    };
    h.locate = [](uintptr_t, report::Location& loc) {
      loc.kind = report::Location::Kind::kUnknown;
    };
    h.on_race = [this](const report::Race& r) { races_.push_back(r); };
    return h;
  }

  GState* go(GState* parent, uint64_t id) {
    return engine_.create_goroutine(parent, id, 0, id == 1);
  }
  void write(GState* g, const void* p, size_t n, const char* at = "write") {
    engine_.access(g, reinterpret_cast<uintptr_t>(p), n, kWrite, frame(at));
  }
  void read(GState* g, const void* p, size_t n, const char* at = "read") {
    engine_.access(g, reinterpret_cast<uintptr_t>(p), n, kRead, frame(at));
  }
  void atomic_write(GState* g, const void* p, size_t n) {
    engine_.access(g, reinterpret_cast<uintptr_t>(p), n, kWrite | kAtomic, frame("atomic_write"));
  }
  void atomic_read(GState* g, const void* p, size_t n) {
    engine_.access(g, reinterpret_cast<uintptr_t>(p), n, kAtomic, frame("atomic_read"));
  }
  static uintptr_t obj(const void* p) { return reinterpret_cast<uintptr_t>(p); }

  Engine engine_;
  std::vector<report::Race> races_;
};

}  // namespace gorace::analyzer::testing
