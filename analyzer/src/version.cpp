// The analyzer library's version string (for reports and diagnostics).
namespace gorace::analyzer {
/// Version of the happens-before engine.
extern const char kVersion[] = "0.1.0";
}  // namespace gorace::analyzer
