#include "src/common/json_file.hpp"

#include "src/common/diagnostics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace hammer {
namespace {

std::string error_of(auto&& call)
{
    try {
        call();
    } catch (const InputError& error) {
        return error.what();
    }
    return "no error";
}

TEST(JsonFile, SyntaxErrorNamesFileLineAndColumnNotTheLibrary)
{
    const auto message = error_of([] { (void)parse_json_text("{\n  \"a\": 1,\n  }\n", "t.json"); });
    EXPECT_EQ(message.rfind("t.json: line 3, column 3: invalid JSON: ", 0), 0U) << message;
    EXPECT_EQ(message.find("json.exception"), std::string::npos) << message;
}

TEST(JsonFile, TruncatedDocumentIsReported)
{
    const auto message = error_of([] { (void)parse_json_text("{\"network\": {", "t.json"); });
    EXPECT_NE(message.find("t.json: line 1"), std::string::npos) << message;
}

TEST(JsonFile, InvalidUtf8IsReported)
{
    const auto message = error_of([] { (void)parse_json_text("{\"a\": \"\xff\xfe\"}", "t.json"); });
    EXPECT_NE(message.find("invalid JSON"), std::string::npos) << message;
}

TEST(JsonFile, NumberTooLargeForADoubleIsInvalidJsonAtItsPosition)
{
    // nlohmann throws out_of_range here, not parse_error: it must still be bad input.
    const auto message = error_of([] { (void)parse_json_text("{\n  \"vlan\": 1e999\n}", "t.json"); });
    EXPECT_EQ(message, "t.json: line 2, column 11: invalid JSON: number overflow parsing '1e999'");
}

TEST(JsonFile, NestingBeyondTheLimitIsRefusedWithItsPosition)
{
    const auto nested = [](std::size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); };
    EXPECT_NO_THROW((void)parse_json_text(nested(max_nesting_depth), "t.json"));
    // 100 000 levels would overflow the stack when the document is copied or printed.
    const auto message = error_of([&] { (void)parse_json_text(nested(100'000), "t.json"); });
    EXPECT_EQ(message.rfind("t.json: line 1, column 257: arrays and objects nested more than 256 levels deep", 0), 0U)
        << message;
    // Brackets inside strings, escaped quotes included, are text.
    EXPECT_NO_THROW((void)parse_json_text("[\"\\\"" + std::string(1000, '[') + "\"]", "t.json"));
}

TEST(JsonFile, AMemberGivenTwiceIsRefusedAtTheSecond)
{
    // nlohmann keeps the last: the run would drive hm9z.
    const auto message = error_of([] {
        (void)parse_json_text(R"({"a": [{"ifname": "hm0a", "x~/y": 1, "ifname": "hm9z", "x~/y": 2}], "a": 3})", "t.json");
    });
    EXPECT_NE(message.find("t.json: /a/0/ifname: \"ifname\" is given twice in this object: give it once"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("t.json: /a/0/x~0~1y: "), std::string::npos) << message;
    EXPECT_NE(message.find("t.json: /a: \"a\" is given twice"), std::string::npos) << message;
    // The same name in different objects is no duplicate.
    EXPECT_NO_THROW((void)parse_json_text(R"({"a": {"n": 1}, "b": {"n": 1}, "c": [{"n": 1}, {"n": 2}]})", "t.json"));
}

TEST(JsonFile, NulBytesAndNulCharactersAreRefused)
{
    // A NUL byte would end nlohmann's reading: what follows it would go unseen.
    const std::string text{"{\"a\": 1}\0}}garbage", 18};
    EXPECT_EQ(error_of([&] { (void)parse_json_text(text, "t.json"); }),
              "t.json: line 1, column 9: a NUL byte: JSON text cannot hold one");
    EXPECT_EQ(error_of([] { (void)parse_json_text(R"({"out": {"directory": "res\u0000ults"}})", "t.json"); }),
              "t.json: /out/directory: a string may not hold a NUL character (\\u0000)");
    EXPECT_EQ(error_of([] { (void)parse_json_text(R"({"x": {"a\u0000b": 1}})", "t.json"); }),
              "t.json: /x: a member name may not hold a NUL character (\\u0000)");
}

TEST(JsonFile, ManyProblemsAreListedUpToTheCapAndCounted)
{
    Diagnostics diagnostics{"t.json"};
    for (std::size_t i = 0; i < 200'000; ++i) {
        diagnostics.error("/n/" + std::to_string(i), "bad");
        diagnostics.error("/n/" + std::to_string(i), "bad"); // reported once
    }
    try {
        diagnostics.throw_if_any();
        FAIL() << "no error";
    } catch (const InputError& error) {
        EXPECT_EQ(error.diagnostics().size(), 200'000U);
        const std::string message = error.what();
        EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), static_cast<long>(max_reported_diagnostics));
        EXPECT_NE(message.find("t.json: /n/49: bad\nt.json: … and 199950 more"), std::string::npos);
    }
}

TEST(JsonFile, MissingFileAndDirectoryAreClear)
{
    EXPECT_EQ(error_of([] { (void)read_json_file("/nonexistent/x.json"); }),
              "/nonexistent/x.json: cannot read: no such file");
    EXPECT_EQ(error_of([] { (void)read_json_file("/tmp"); }), "/tmp: cannot read: not a regular file");
}

TEST(JsonFile, OversizedFileIsRefusedBeforeParsing)
{
    const auto path = std::filesystem::temp_directory_path() / "hammer-json-file-test-big.json";
    {
        std::ofstream out{path};
        out << std::string(max_input_file_bytes + 1, ' ');
    }
    const auto message = error_of([&] { (void)read_json_file(path); });
    std::filesystem::remove(path);
    EXPECT_NE(message.find("are refused"), std::string::npos) << message;
}

TEST(JsonFile, ReadsAValidFile)
{
    const auto path = std::filesystem::temp_directory_path() / "hammer-json-file-test-ok.json";
    {
        std::ofstream out{path};
        out << R"({"version": "0.1.0"})";
    }
    const auto document = read_json_file(path);
    std::filesystem::remove(path);
    EXPECT_EQ(document.at("version"), "0.1.0");
}

} // namespace
} // namespace hammer
