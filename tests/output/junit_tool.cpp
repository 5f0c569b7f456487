// For junit_xml_test.sh: `junit_tool --sample` prints a sample result
// document (a real one, rendered from a journal); `junit_tool RESULT.json`
// prints the JUnit XML of a result document, so that a real XML parser can
// check what render_junit wrote.

#include "src/output/junit.hpp"
#include "tests/output/sample_result.hpp"

#include <fstream>
#include <iostream>
#include <string_view>

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: junit_tool --sample | junit_tool RESULT.json\n";
        return 2;
    }
    if (std::string_view{argv[1]} == "--sample") {
        std::cout << hammer::output::testing::sample_result({}).dump(2) << "\n";
        return 0;
    }
    std::ifstream in{argv[1]};
    std::cout << hammer::output::render_junit(nlohmann::json::parse(in));
    return 0;
}
