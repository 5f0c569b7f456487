#include "src/record/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hammer::record {
namespace {

/// The lowercase alphabet repeated up to `length` characters.
std::string letters(std::size_t length)
{
    std::string text;
    for (std::size_t i = 0; i < length; ++i) {
        text += static_cast<char>('a' + i % 26);
    }
    return text;
}

// FIPS 180-4 examples (NIST "SHA256.pdf" and the one-million-'a' vector).
TEST(Sha256, EmptyMessage)
{
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Sha256, OneBlockMessage)
{
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256, TwoBlockMessage)
{
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, OneMillionA)
{
    EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
              "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// Around the padding boundaries: 55 bytes leave room for the marker and the
// length in one block, 56 do not; 64 fill a block exactly. Expected values
// from `printf %s "$(letters N)" | sha256sum`.
TEST(Sha256, LengthsAroundTheBlockBoundary)
{
    EXPECT_EQ(sha256_hex(letters(55)), "595615dbe4f0f407ae397d08b4c2cb870cb9b0e11937416f950c5160acf9c005");
    EXPECT_EQ(sha256_hex(letters(56)), "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51");
    EXPECT_EQ(sha256_hex(letters(63)), "5ca3e1ef5207490eac01a795e5cc94d59582a5118bf9534665c8668d87aa647c");
    EXPECT_EQ(sha256_hex(letters(64)), "2fcd5a0d60e4c941381fcc4e00a4bf8be422c3ddfafb93c809e8d1e2bfffae8e");
    EXPECT_EQ(sha256_hex(letters(65)), "1b3cd1877ab2f2f19f7be001722554f336cb799df0329de0bb4c118dc6abc06d");
}

// A NUL inside and bytes above 0x7f: the input is bytes, not a C string or
// signed characters.
TEST(Sha256, HashesEveryByte)
{
    EXPECT_EQ(sha256_hex(std::string{"a\0b", 3}), "59b271ae1bbcb1d31d41929817f4b16fb439eb4f31520b5ad1d5ce98920a7138");
    EXPECT_EQ(sha256_hex("\xff\x80"), "85c61621ebd04403f66d96fe300cf10b3844de7358184f1276cb08790fd135f1");
}

} // namespace
} // namespace hammer::record
