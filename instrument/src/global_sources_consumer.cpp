#include "global_sources_consumer.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/SourceManager.h>
#include <llvm/Support/FileSystem.h>
#include <llvm/Support/Path.h>

namespace gorace::instrument {

namespace {

// Finds the function-local statics of one function body.
class StaticLocalFinder : public clang::RecursiveASTVisitor<StaticLocalFinder> {
 public:
  explicit StaticLocalFinder(llvm::SmallVectorImpl<clang::VarDecl*>& found) : found_(found) {}
  bool VisitVarDecl(clang::VarDecl* variable) {
    if (variable->isStaticLocal()) found_.push_back(variable);
    return true;
  }

 private:
  llvm::SmallVectorImpl<clang::VarDecl*>& found_;
};

}  // namespace

void GlobalSourcesConsumer::Initialize(clang::ASTContext& context) {
  context_ = &context;
  mangler_.reset(context.createMangleContext());
}

bool GlobalSourcesConsumer::HandleTopLevelDecl(clang::DeclGroupRef group) {
  for (clang::Decl* decl : group) visit(decl);
  return true;
}

void GlobalSourcesConsumer::visit(clang::Decl* decl) {
  const clang::SourceManager& sources = context_->getSourceManager();
  if (decl->isInvalidDecl() || sources.isInSystemHeader(decl->getLocation())) return;
  if (llvm::isa<clang::NamespaceDecl, clang::LinkageSpecDecl, clang::CXXRecordDecl>(decl)) {
    auto* class_decl = llvm::dyn_cast<clang::CXXRecordDecl>(decl);
    if (class_decl != nullptr && class_decl->isDependentContext()) return;
    for (clang::Decl* member : llvm::cast<clang::DeclContext>(decl)->decls()) visit(member);
    return;
  }
  if (auto* function = llvm::dyn_cast<clang::FunctionDecl>(decl)) {
    if (function->isTemplated() || !function->doesThisDeclarationHaveABody()) return;
    llvm::SmallVector<clang::VarDecl*, 4> statics;
    StaticLocalFinder(statics).TraverseStmt(function->getBody());
    for (clang::VarDecl* variable : statics) record(variable);
    return;
  }
  if (auto* variable = llvm::dyn_cast<clang::VarDecl>(decl)) record(variable);
}

void GlobalSourcesConsumer::record(clang::VarDecl* variable) {
  const clang::SourceManager& sources = context_->getSourceManager();
  if (variable == nullptr || !variable->hasGlobalStorage() || variable->getTLSKind() != 0 ||
      variable->isTemplated()) {
    return;
  }
  const clang::PresumedLoc position = sources.getPresumedLoc(variable->getLocation());
  if (position.isInvalid()) return;
  std::string name;
  if (mangler_->shouldMangleDeclName(variable)) {
    llvm::raw_string_ostream out(name);
    mangler_->mangleName(clang::GlobalDecl(variable), out);
  } else {
    name = variable->getName().str();
  }
  llvm::SmallString<256> file(position.getFilename());
  llvm::sys::fs::make_absolute(file);
  llvm::sys::path::remove_dots(file, /*remove_dot_dot=*/false);
  (*sources_)[name] = SourcePosition{file.str().str(), position.getLine()};
}

}  // namespace gorace::instrument
