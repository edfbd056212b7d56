"""`drafter serve` in a real browser: Debian's chromium and chromedriver through selenium.

Opens a sample, types Chinese text (also through a simulated IME composition, during which
nothing may be sent), adds a section and an item, inserts a figure with the picker, saves,
checks the YAML on disk, and downloads the Word document. Skips without chromium."""

from __future__ import annotations

import re
import shutil
import threading
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("flask")
webdriver = pytest.importorskip("selenium.webdriver")

from drafter import api  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="需要 chromium 和 chromedriver")

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
COUNTY = "示例县2024年法治政府建设报告.yaml"


@pytest.fixture
def served(tmp_path):
    from werkzeug.serving import make_server

    from drafter.serve.app import create_app

    folder = tmp_path / "表单"
    folder.mkdir()
    shutil.copy(SAMPLES / COUNTY, folder / COUNTY)
    from drafter.serve.app import listen_on

    app = create_app(folder, port=0)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    port = server.socket.getsockname()[1]
    listen_on(app, "127.0.0.1", port)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield folder, f"http://127.0.0.1:{port}", app
    server.shutdown()
    server.server_close()


@pytest.fixture
def browser(tmp_path):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "下载"
    downloads.mkdir()
    options = Options()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1500,1000", "--lang=zh-CN"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    driver.downloads = downloads
    yield driver
    driver.quit()


def wait_for(condition, timeout=10.0, message="等待超时"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(message)


def editing(app):
    workspace = app.extensions["drafter"]["workspace"]
    (only,) = workspace._open.values()
    return only


def by_id(driver, id_):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, id_)


def text_of(driver, id_: str) -> str:
    """An element's text read in the page (elements swapped by htmx never go stale here)."""
    return driver.execute_script("const e = document.getElementById(arguments[0]); return e ? e.textContent : '';", id_)


def click(driver, element):
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
    element.click()


def preview_text(driver) -> str:
    """The text of the preview, or "" while it is being reloaded."""
    from selenium.common.exceptions import NoSuchElementException, NoSuchFrameException, StaleElementReferenceException
    from selenium.webdriver.common.by import By

    try:
        driver.switch_to.frame(by_id(driver, "preview"))
        return driver.find_element(By.TAG_NAME, "body").text
    except (NoSuchElementException, NoSuchFrameException, StaleElementReferenceException):
        return ""
    finally:
        driver.switch_to.default_content()


def test_fill_a_form_in_the_browser(served, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    folder, base, app = served
    path = folder / COUNTY
    original = path.read_text(encoding="utf-8")
    browser.get(f"{base}/open?name={COUNTY}")
    wait_for(lambda: browser.find_elements(By.ID, "f-导语"), message="表单页面没有打开")
    wait_for(lambda: "关于2024年法治政府建设情况的报告" in preview_text(browser), message="预览没有显示")

    # Enter in a text field submits nothing
    region = by_id(browser, "f-基本信息-地区")
    click(browser, region)
    region.send_keys(Keys.END, Keys.ENTER)
    assert browser.current_url.startswith(f"{base}/doc/") and region.get_attribute("value") == "示例县"

    # Chinese text typed into 导语
    intro = by_id(browser, "f-导语")
    click(browser, intro)
    intro.send_keys(Keys.CONTROL, "a")
    intro.send_keys("示例县坚持依法行政，各项工作稳步推进。现将有关情况报告如下：")
    wait_for(lambda: "示例县坚持依法行政" in editing(app).text, message="输入的中文没有送到服务器")

    # an IME composition: nothing is sent while it is open, the text is sent when it ends
    browser.execute_script("""
        const el = arguments[0];
        el.dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true, data: ''}));
        el.value = el.value + 'fa';
        el.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true, data: 'fa'}));
    """, intro)
    time.sleep(1.5)
    assert "fa" not in editing(app).text
    browser.execute_script("""
        const el = arguments[0];
        el.value = el.value.slice(0, -2) + '法治';
        el.dispatchEvent(new InputEvent('input', {bubbles: true, isComposing: true, data: '法治'}));
        el.dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: '法治'}));
    """, intro)
    wait_for(lambda: "现将有关情况报告如下：法治" in editing(app).text, message="输入法确认后的文字没有送出")
    assert "fa" not in editing(app).text

    # the preview is not reloaded while a composition is open, and is right after it ends
    wait_for(lambda: "现将有关情况报告如下：法治" in preview_text(browser), timeout=15, message="预览没有刷新")
    time.sleep(0.5)   # the refresh above has settled
    source = "return document.getElementById('preview').src"
    # read the preview's address and open the composition in one script: a refresh asked for
    # by an earlier edit's answer may land at any moment before, never after, it opens
    before = browser.execute_script("""
        const src = document.getElementById('preview').src;
        arguments[0].dispatchEvent(new CompositionEvent('compositionstart', {bubbles: true, data: ''}));
        document.body.dispatchEvent(new CustomEvent('drafter:preview'));
        return src;
    """, intro)
    time.sleep(0.5)
    assert browser.execute_script(source) == before
    browser.execute_script("arguments[0].dispatchEvent(new CompositionEvent('compositionend', {bubbles: true, data: ''}));",
                           intro)
    wait_for(lambda: browser.execute_script(source) != before, message="输入法结束后预览没有刷新")

    # a new section in 主要举措和成效, with a title and an item
    add_section = browser.find_element(By.CSS_SELECTOR, "#f-主要举措和成效 > .add-row button")
    assert add_section.text == "＋ 添加章节"
    click(browser, add_section)
    title = wait_for(lambda: browser.find_elements(By.ID, "f-主要举措和成效-章节-9-标题"), message="没有添加章节")[0]
    wait_for(lambda: browser.switch_to.active_element.get_attribute("id") == "f-主要举措和成效-章节-9-纲要领域",
             message="新章节的第一栏没有得到焦点")
    click(browser, title)
    title.send_keys("持续推进基层法治建设")
    wait_for(lambda: "持续推进基层法治建设" in editing(app).text)
    add_item = browser.find_element(By.CSS_SELECTOR, "#f-主要举措和成效-章节-9 > .add-row button")
    assert add_item.text == "＋ 添加条目"
    click(browser, add_item)
    content = wait_for(lambda: browser.find_elements(By.ID, "f-主要举措和成效-章节-9-条目-0-内容"), message="没有添加条目")[0]
    click(browser, content)
    content.send_keys("全年受理行政复议案件")

    # 插入数据 at the cursor
    picker = browser.find_element(By.CSS_SELECTOR, "#w-f-主要举措和成效-章节-9-条目-0-内容 .picker-open")
    assert picker.text == "插入数据"
    click(browser, picker)
    pick = wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, '#picker-list button[data-ref="行政复议.受理"]'),
                    message="插入数据列表没有出现")[0]
    assert "96" in pick.text
    pick.click()
    content.send_keys("件。")
    assert content.get_attribute("value") == "全年受理行政复议案件{{ 行政复议.受理 }}件。"
    wait_for(lambda: "全年受理行政复议案件96件。" in preview_text(browser), timeout=15, message="预览没有显示插入的数据")

    # 保存
    click(browser, by_id(browser, "save"))
    wait_for(lambda: "已保存" in text_of(browser, "save-state") and "已保存：" in text_of(browser, "dialog-area"),
             message="没有保存")
    saved = path.read_text(encoding="utf-8")
    assert "导语: 示例县坚持依法行政，各项工作稳步推进。现将有关情况报告如下：法治\n" in saved
    assert "- 标题: 持续推进基层法治建设" in saved and "全年受理行政复议案件{{ 行政复议.受理 }}件。" in saved
    comments = [line for line in original.splitlines() if line.lstrip().startswith("#") or "  # " in line]
    assert comments and all(line in saved.splitlines() for line in comments)
    form = api.load_form(path)
    assert form.report is not None and not api.check(form).errors
    assert form.report.measures.sections[9].title == "持续推进基层法治建设"

    # a save after another editor changed the file is refused, with what differs
    path.write_text(path.read_text(encoding="utf-8").replace("上年结转: 11", "上年结转: 12"), encoding="utf-8")
    intro = by_id(browser, "f-导语")
    click(browser, intro)
    intro.send_keys("又改一句。")
    wait_for(lambda: "又改一句。" in editing(app).text)
    click(browser, by_id(browser, "save"))
    wait_for(lambda: "已被修改" in text_of(browser, "dialog-area"), message="没有显示文件已被修改")
    assert "+    上年结转: 12" in text_of(browser, "dialog-area")
    assert "又改一句。" not in path.read_text(encoding="utf-8")
    browser.find_element(By.CSS_SELECTOR, "#dialog-area .close").click()

    # the Word document
    click(browser, browser.find_element(By.LINK_TEXT, "下载 Word"))
    document = wait_for(lambda: [p for p in browser.downloads.glob("*.docx")], timeout=20, message="没有下载到文档")[0]
    assert document.name == "示例县2024年法治政府建设报告.docx"
    with zipfile.ZipFile(document) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    body = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))
    assert "示例县坚持依法行政，各项工作稳步推进。" in body
    assert "持续推进基层法治建设" in body and "全年受理行政复议案件96件。" in body


def test_collect_figures_from_a_workbook_in_the_browser(served, browser):
    """数据收集: download the 统计表, fill a cell as a unit would, upload it, 填入, see the figure and its 数据来源, save."""
    from selenium.webdriver.common.by import By

    import openpyxl
    from sheet_support import fill, rows_by_name

    folder, base, app = served
    path = folder / COUNTY
    browser.get(f"{base}/open?name={COUNTY}")
    wait_for(lambda: browser.find_elements(By.ID, "数据收集"), message="表单页面没有数据收集")

    # ① the workbook of the form, downloaded from the page
    click(browser, by_id(browser, "sheet-download"))
    finished = lambda: [p for p in browser.downloads.glob("*.xlsx") if not p.name.endswith(".crdownload")]  # noqa: E731
    workbook = wait_for(finished, timeout=20, message="没有下载到统计表")[0]
    assert workbook.name == api.sheet_file_name(path.stem)
    assert browser.current_url.startswith(f"{base}/doc/")          # the page stays where it was
    cell = f"D{rows_by_name(openpyxl.load_workbook(workbook).worksheets[0])['矛盾纠纷调解.村居调委会']}"
    filled = fill(workbook, {"矛盾纠纷调解.村居调委会": 215}, unit="示例县司法局", target=folder.parent / "司法局交回.xlsx")

    # ② the filled workbook, uploaded: the result names the unit, workbook, sheet and cell
    sent = filled.read_bytes()
    by_id(browser, "collect-files").send_keys(str(filled))
    assert "司法局交回.xlsx" in text_of(browser, "collect-files-name")
    click(browser, by_id(browser, "collect-upload"))
    wait_for(lambda: browser.find_elements(By.ID, "collect-apply"), message="没有显示核对结果")
    result = text_of(browser, "collect-filled")
    assert "矛盾纠纷调解.村居调委会" in result and f"示例县司法局 · 司法局交回.xlsx［统计表］{cell}" in result
    assert "村居调委会" not in path.read_text(encoding="utf-8")
    assert filled.read_bytes() == sent and sorted(p.name for p in folder.iterdir()) == [COUNTY]

    # ③ 填入: back on the form page, the figure is filled and its source shown beside it
    click(browser, by_id(browser, "collect-apply"))
    wait_for(lambda: browser.find_elements(By.ID, "f-数据-矛盾纠纷调解-村居调委会"), message="没有回到表单页面")
    assert by_id(browser, "f-数据-矛盾纠纷调解-村居调委会").get_attribute("value") == "215"
    source = text_of(browser, "src-f-数据-矛盾纠纷调解-村居调委会")
    assert "示例县司法局" in source and f"司法局交回.xlsx［统计表］{cell}" in source and "填报 215" in source
    assert "已从 1 份统计表填入" in text_of(browser, "opened-notice")
    assert "村居调委会" not in path.read_text(encoding="utf-8")     # saved only by 保存

    click(browser, by_id(browser, "save"))
    wait_for(lambda: "已保存" in text_of(browser, "save-state"), message="没有保存")
    report = api.load_form(path).report
    assert report.sources[0].unit == "示例县司法局" and report.sources[0].file == "司法局交回.xlsx"
    assert report.sources[0].cells == {"矛盾纠纷调解.村居调委会": cell}
    assert "    村居调委会: 215" in path.read_text(encoding="utf-8")


def test_after_rollover_every_field_can_be_reached_and_its_review_flag_cleared(served, browser):
    """Rolled over from the start page: the long notice of what rollover did sits above the
    form, not over it (it hid the fields and caught their clicks); 已核对 beside a 待核 field
    takes the flag off, and 保存 writes that."""
    from selenium.webdriver.common.by import By

    folder, base, app = served
    browser.get(base)
    wait_for(lambda: browser.find_elements(By.CSS_SELECTOR, "form[action='/rollover'] button"), message="首页没有打开")
    click(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/rollover'] button"))
    wait_for(lambda: browser.find_elements(By.ID, "opened-notice"), message="没有显示滚动结果")
    assert "已生成 2025 年表单" in text_of(browser, "opened-notice")
    target = folder / "示例县2025年法治政府建设报告.yaml"
    flags = target.read_text(encoding="utf-8").count("待核")
    button = next(b for b in browser.find_elements(By.CSS_SELECTOR, ".findings button.op") if b.text == "已核对")
    box = browser.execute_script("return arguments[0].closest('.findings').id;", button)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    hit = browser.execute_script("const r = arguments[0].getBoundingClientRect();"
                                 "return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);", button)
    assert hit == button, "“已核对”被遮住了"
    button.click()
    wait_for(lambda: "已核对" not in text_of(browser, box), message="“待核”没有消除")
    click(browser, by_id(browser, "save"))
    wait_for(lambda: "已保存" in text_of(browser, "save-state"), message="没有保存")
    assert target.read_text(encoding="utf-8").count("待核") == flags - 1
