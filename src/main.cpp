#include "src/cli/app.hpp"

namespace {

/// The backends of this build.
std::unique_ptr<hammer::run::Toolkit> make_toolkit(const hammer::run::ToolkitRequest& /*request*/)
{
    return std::make_unique<hammer::run::Toolkit>();
}

} // namespace

int main(int argc, char** argv)
{
    return hammer::cli::run_cli(argc, argv, make_toolkit);
}
