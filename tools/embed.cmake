# cmake -DINPUT=file -DOUTPUT=file.inc -DNAME=ident -P embed.cmake
# Writes `static const char NAME[] = {bytes..., 0};`: a byte list, since C
# compilers need not accept string literals longer than 4095 characters.
file(READ "${INPUT}" hex HEX)
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" bytes "${bytes}")
file(WRITE "${OUTPUT}.tmp" "/* Generated from ${INPUT} by tools/embed.cmake: do not edit. */\nstatic const char ${NAME}[] = {\n${bytes}0};\n")
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
