// For csit_documents_test.py: `csit_tool --sample` prints a result document
// holding every kind of result CSIT has a type for (rendered from a real
// journal); `csit_tool RESULT.json DIR` writes the CSIT-model documents of a
// result document into DIR/csit, as a run does.

#include "src/output/csit.hpp"
#include "tests/output/csit_sample.hpp"

#include <fstream>
#include <iostream>
#include <string_view>

int main(int argc, char** argv)
{
    if (argc == 2 && std::string_view{argv[1]} == "--sample") {
        std::cout << hammer::output::testing::csit_sample_result().dump(2) << "\n";
        return 0;
    }
    if (argc != 3) {
        std::cerr << "usage: csit_tool --sample | csit_tool RESULT.json DIR\n";
        return 2;
    }
    std::ifstream in{argv[1]};
    hammer::output::write_csit(argv[2], nlohmann::json::parse(in));
    return 0;
}
