// An AST consumer that carries ThreadSanitizer's opt-out attribute into the
// IR: without -fsanitize=thread, clang drops no_sanitize("thread") (and
// GCC's no_sanitize_thread) when it generates code.
#ifndef GORACE_INSTRUMENT_NO_SANITIZE_MARKER_HPP_
#define GORACE_INSTRUMENT_NO_SANITIZE_MARKER_HPP_

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>

#include "subprogram_table.hpp"

namespace gorace::instrument {

/// Annotates every function declared no_sanitize("thread") with
/// kNoSanitizeThreadAnnotation, as the parser delivers it and before code
/// generation sees it (the plugin runs before the main action). As under
/// TSan, such a function's plain accesses are not checked while its atomic
/// operations still synchronise.
class NoSanitizeMarker : public clang::ASTConsumer {
 public:
  void Initialize(clang::ASTContext& context) override { context_ = &context; }
  bool HandleTopLevelDecl(clang::DeclGroupRef group) override;

 private:
  clang::ASTContext* context_ = nullptr;
};

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_NO_SANITIZE_MARKER_HPP_
