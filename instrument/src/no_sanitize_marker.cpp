#include "no_sanitize_marker.hpp"

#include <clang/AST/Attr.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/Sanitizers.h>
#include <clang/Basic/SourceManager.h>

namespace gorace::instrument {
namespace {

// Annotates the no_sanitize("thread") functions of one declaration: member
// functions, lambdas and templates included (a template's instantiations
// copy the annotation from it).
class Marker : public clang::RecursiveASTVisitor<Marker> {
 public:
  explicit Marker(clang::ASTContext& context) : context_(context) {}
  bool shouldVisitLambdaBodies() const { return true; }

  bool VisitFunctionDecl(clang::FunctionDecl* function) {
    const auto* no_sanitize = function->getAttr<clang::NoSanitizeAttr>();
    if (no_sanitize == nullptr || !(no_sanitize->getMask() & clang::SanitizerKind::Thread)) {
      return true;
    }
    for (const auto* annotation : function->specific_attrs<clang::AnnotateAttr>()) {
      if (annotation->getAnnotation() == kNoSanitizeThreadAnnotation) return true;
    }
    function->addAttr(clang::AnnotateAttr::CreateImplicit(context_, kNoSanitizeThreadAnnotation,
                                                          nullptr, 0, no_sanitize->getRange()));
    return true;
  }

 private:
  clang::ASTContext& context_;
};

}  // namespace

bool NoSanitizeMarker::HandleTopLevelDecl(clang::DeclGroupRef group) {
  const clang::SourceManager& sources = context_->getSourceManager();
  Marker marker(*context_);
  for (clang::Decl* decl : group) {
    if (!sources.isInSystemHeader(decl->getLocation())) marker.TraverseDecl(decl);
  }
  return true;
}

}  // namespace gorace::instrument
