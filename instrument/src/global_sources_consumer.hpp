// An AST consumer that records where global variables are declared.
#ifndef GORACE_INSTRUMENT_GLOBAL_SOURCES_CONSUMER_HPP_
#define GORACE_INSTRUMENT_GLOBAL_SOURCES_CONSUMER_HPP_

#include "global_sources.hpp"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Mangle.h>

#include <memory>

namespace gorace::instrument {

// Fills a GlobalSources table with the namespace-scope variables, static
// data members and function-local statics (of non-template functions)
// declared outside system headers, as the parser delivers them
// (before code generation runs the passes that read the table).
class GlobalSourcesConsumer : public clang::ASTConsumer {
 public:
  explicit GlobalSourcesConsumer(std::shared_ptr<GlobalSources> sources)
      : sources_(std::move(sources)) {}

  void Initialize(clang::ASTContext& context) override;
  bool HandleTopLevelDecl(clang::DeclGroupRef group) override;

 private:
  void visit(clang::Decl* decl);
  void record(clang::VarDecl* variable);

  std::shared_ptr<GlobalSources> sources_;
  clang::ASTContext* context_ = nullptr;
  std::unique_ptr<clang::MangleContext> mangler_;
};

}  // namespace gorace::instrument

#endif  // GORACE_INSTRUMENT_GLOBAL_SOURCES_CONSUMER_HPP_
